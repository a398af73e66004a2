// A rules file as a person writes it (YAML or JSON): a list of rules, or a mapping with `rules`
// and optional workspace `exclusions`. Every problem of the file is found in one pass: the rules
// that validate are returned beside the problems of those that do not, so that the caller can
// add its own checks of the valid ones (labels, regexes, ReDoS) to the same list.
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DefinitionError } from '../../shared/errors.ts';
import { type Exclusions, exclusionsSchema, type RuleDefinition } from '../../shared/engine/rule-definition.ts';
import { parseRuleInput } from '../../shared/engine/rule-input.ts';
import { strictParse } from '../../shared/engine/strict-parse.ts';

export interface RuleFile {
  readonly rules: RuleDefinition[];
  readonly exclusions: Exclusions | undefined;
  /** Problems of the file; when there are any, nothing of it may be stored. */
  readonly problems: string[];
}

const ruleFileSchema = z.object({ rules: z.array(z.unknown()), exclusions: exclusionsSchema.optional() });

/** Parses a rules file. Throws DefinitionError only when the text is not a rules file at all. */
export function parseRuleFile(text: string): RuleFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new DefinitionError(doc.errors.map((e) => `rules file: ${e.message}`));
  let raw: unknown;
  try {
    // Resolving aliases can fail (an alias before its anchor, or too many of them: the
    // billion-laughs guard of maxAliasCount); those are problems of the file, not crashes.
    raw = doc.toJSON();
  } catch (err) {
    throw new DefinitionError([`rules file: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const top = Array.isArray(raw) ? { rules: raw } : raw;
  const file = strictParse(ruleFileSchema, top);
  const items = (top as { rules?: unknown } | null)?.rules;
  if (!file.success && !Array.isArray(items)) throw new DefinitionError(file.problems.map((p) => `rules file: ${p}`));
  const problems = file.success ? [] : [...file.problems];
  const rules: RuleDefinition[] = [];
  (items as unknown[]).forEach((item, i) => {
    const parsed = parseRuleInput(item, ['rules', i]);
    if (parsed.success) rules.push(parsed.data);
    else problems.push(...parsed.problems);
  });
  return { rules, exclusions: file.success ? file.data.exclusions : undefined, problems };
}
