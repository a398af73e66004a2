// Administration of a workspace's labels and rules: every change is validated as a whole policy
// (compilePolicy) inside the same transaction that writes it, so nothing invalid is ever stored.
import { parseDocument, stringify } from 'yaml';
import { DefinitionError, UnknownNameError } from '../../shared/errors.ts';
import { compilePolicy } from '../../shared/engine/compile-policy.ts';
import { type Label, labelSchema } from '../../shared/engine/label-scheme.ts';
import { compareRules, type RuleDefinition, ruleDefinitionSchema } from '../../shared/engine/rule-definition.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { Policy, Repository, Workspace } from '../storage/repository.ts';

export interface PolicyAdmin {
  setLabel(ws: Workspace, label: unknown): Promise<Policy>;
  removeLabel(ws: Workspace, name: string): Promise<Policy>;
  /** Replaces all rules (or, with merge, adds and updates by name) from YAML or JSON text. */
  importRules(ws: Workspace, text: string, opts: { merge: boolean }): Promise<Policy>;
  exportRules(ws: Workspace): Promise<string>;
  setRuleEnabled(ws: Workspace, name: string, enabled: boolean): Promise<Policy>;
}

/** Parses rule definitions from YAML/JSON text: a list, or a mapping with a `rules` list. */
export function parseRuleFile(text: string): RuleDefinition[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new DefinitionError(doc.errors.map((e) => `rules file: ${e.message}`));
  const raw: unknown = doc.toJSON();
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null && Array.isArray((raw as { rules?: unknown }).rules) ? (raw as { rules: unknown[] }).rules : null;
  if (!list) throw new DefinitionError(['rules file: expected a list of rules, or a mapping with a "rules" list']);
  const problems: string[] = [];
  const rules: RuleDefinition[] = [];
  list.forEach((item, i) => {
    const parsed = ruleDefinitionSchema.safeParse(item);
    if (parsed.success) rules.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`rules[${i}]${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
  });
  if (problems.length > 0) throw new DefinitionError(problems);
  return rules;
}

function checked(next: Policy): Policy {
  compilePolicy(next.labels, next.rules);
  return { labels: next.labels, rules: [...next.rules].sort(compareRules) };
}

export function createPolicyAdmin(deps: { repo: Repository; clock: Clock }): PolicyAdmin {
  const { repo, clock } = deps;
  const update = (ws: Workspace, change: (p: Policy) => Policy) => repo.updatePolicy(ws.id, (p) => checked(change(p)), apiTimestamp(clock.now()));
  return {
    setLabel(ws, input) {
      const parsed = labelSchema.safeParse(input);
      if (!parsed.success) throw new DefinitionError(parsed.error.issues.map((i) => `label ${i.path.join('.')}: ${i.message}`));
      const label: Label = parsed.data;
      return update(ws, (p) => ({ ...p, labels: [...p.labels.filter((l) => l.name.toLowerCase() !== label.name.toLowerCase()), label] }));
    },
    removeLabel(ws, name) {
      return update(ws, (p) => {
        if (!p.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) throw new UnknownNameError('label', name);
        return { ...p, labels: p.labels.filter((l) => l.name.toLowerCase() !== name.toLowerCase()) };
      });
    },
    importRules(ws, text, { merge }) {
      const incoming = parseRuleFile(text);
      return update(ws, (p) => {
        if (!merge) return { ...p, rules: incoming };
        const names = new Set(incoming.map((r) => r.name.toLowerCase()));
        return { ...p, rules: [...p.rules.filter((r) => !names.has(r.name.toLowerCase())), ...incoming] };
      });
    },
    async exportRules(ws) {
      const { rules } = await repo.getPolicy(ws.id);
      return stringify({ rules }, { lineWidth: 0 });
    },
    setRuleEnabled(ws, name, enabled) {
      return update(ws, (p) => {
        if (!p.rules.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw new UnknownNameError('rule', name);
        return { ...p, rules: p.rules.map((r) => (r.name.toLowerCase() === name.toLowerCase() ? { ...r, enabled } : r)) };
      });
    },
  };
}
