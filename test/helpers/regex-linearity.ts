// Whether the regular expressions a module runs can make it super-linear in its input, decided
// from its source, not from a stopwatch: every regex literal (and `new RegExp` call) of the module
// and of the modules it imports, read with the TypeScript parser, must pass the same proof that
// user rules must pass (shared/engine/regex-safety.ts), or be anchored at the start with no
// unbounded quantifier (one attempt that reads a bounded number of characters, whatever the input),
// or be named in `widened` with a form that is proven and matches on every path the original takes.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { provePattern } from '../../shared/engine/regex-safety.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** recheck's automaton proof of one pattern; far more than the server allows, as in detector-regex-safety.test.ts. */
const PROOF_TIMEOUT_MS = 60_000;

export interface RegexUse {
  /** Repository-relative file and line. */
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

interface ModuleRegexes {
  readonly regexes: RegexUse[];
  /** `RegExp` constructions whose pattern is not a string literal: they cannot be checked here. */
  readonly dynamic: string[];
}

/** The regexes of `entry` (repository-relative) and of every module it imports by a relative path. */
export function moduleRegexes(entry: string): ModuleRegexes {
  const regexes: RegexUse[] = [];
  const dynamic: string[] = [];
  const seen = new Set<string>();
  const pending = [resolve(ROOT, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) => `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text.startsWith('.')) {
        pending.push(resolve(dirname(file), n.moduleSpecifier.text));
      }
      if (ts.isRegularExpressionLiteral(n)) {
        const slash = n.text.lastIndexOf('/');
        regexes.push({ where: where(n), source: n.text.slice(1, slash), flags: n.text.slice(slash + 1) });
      }
      if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText(sf) === 'RegExp') {
        const [pattern, flags] = n.arguments ?? [];
        if (pattern !== undefined && ts.isStringLiteralLike(pattern) && (flags === undefined || ts.isStringLiteralLike(flags))) {
          regexes.push({ where: where(n), source: pattern.text, flags: flags?.text ?? '' });
        } else dynamic.push(`${where(n)}: ${n.getText(sf)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { regexes, dynamic };
}

/**
 * True when one attempt at position 0 is all the pattern makes and it reads a bounded number of
 * characters: a leading `^` (no `m` flag, no top-level alternative without it) and no `*`, `+` or
 * `{n,}` anywhere. Its cost is then a constant of the pattern, whatever the input's length.
 */
export function isAnchoredAndBounded(source: string, flags: string): boolean {
  if (flags.includes('m') || flags.includes('y') || !source.startsWith('^')) return false;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
    else if (c === '*' || c === '+') return false;
    else if (c === '{' && /^\{\d+,\}/.test(source.slice(i))) return false;
  }
  return true;
}

/** A pattern the proof cannot read (a backreference), with a wider form it can, and why the wider form covers it. */
export interface Widening {
  readonly form: string;
  readonly why: string;
}

/** Each regex of `entry`'s modules that is not shown linear, with the reason; empty when all are. */
export function unprovenRegexes(entry: string, widened: Readonly<Record<string, Widening>> = {}): string[] {
  const { regexes, dynamic } = moduleRegexes(entry);
  const problems = dynamic.map((d) => `${d}: a RegExp built at run time cannot be checked`);
  const verdicts = new Map<string, string | null>();
  for (const r of regexes) {
    const key = `${r.flags}/${r.source}`;
    if (!verdicts.has(key)) {
      const direct = provePattern(r.source, r.flags, PROOF_TIMEOUT_MS);
      const wide = widened[r.source];
      let problem: string | null = null;
      if (!direct.safe && !isAnchoredAndBounded(r.source, r.flags)) {
        const proof = wide === undefined ? direct : provePattern(wide.form, r.flags, PROOF_TIMEOUT_MS);
        if (!proof.safe) problem = `/${r.source}/${r.flags}${wide === undefined ? '' : ` (widened to /${wide.form}/)`} ${proof.reason ?? 'refused'}`;
      }
      verdicts.set(key, problem);
    }
    const problem = verdicts.get(key);
    if (problem) problems.push(`${r.where}: ${problem}`);
  }
  return problems;
}
