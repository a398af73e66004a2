// Validates a definition a person wrote (a rule, a rules file) at the input boundary: every key
// must be one the schema knows (a typo is refused with its path and the key it probably meant,
// never silently dropped), and each zod issue becomes one line naming its field. Stored and
// served data is read with the same schemas without this check.
import type { z } from 'zod';
import { closestName } from './did-you-mean.ts';

export type Path = readonly (string | number)[];

export type StrictResult<T> = { success: true; data: T } | { success: false; problems: string[] };

/** `rules[0].conditions.patterns[1].validator`; the empty path is "(top level)". */
export function formatPath(path: Path): string {
  const text = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return text === '' ? '(top level)' : text;
}

// The parts of zod's schema definitions the key walk needs (zod 4 `_zod.def`).
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'nonoptional', 'readonly', 'catch']);

/** The schema with optional/default/pipe wrappers removed. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key of `input` the schema does not know, with its path and a suggestion. */
function unknownKeyProblems(schema: z.ZodType, input: unknown, path: Path = []): string[] {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' && def.shape && isRecord(input)) {
    const known = Object.keys(def.shape);
    return Object.entries(input).flatMap(([key, value]) => {
      // Own keys only: `constructor` or `__proto__` in the input is an unknown key, not Object's.
      if (Object.hasOwn(def.shape!, key)) return unknownKeyProblems(def.shape![key]!, value, [...path, key]);
      const guess = closestName(key, known);
      const shown = key.length > 60 ? `${key.slice(0, 57)}...` : key;
      return [`${formatPath([...path, shown])}: unknown key; ${guess ? `did you mean "${guess}"?` : `allowed: ${known.join(', ')}`}`];
    });
  }
  if (def.type === 'array' && def.element && Array.isArray(input)) return input.flatMap((v, i) => unknownKeyProblems(def.element!, v, [...path, i]));
  if (def.type === 'union' && def.options) {
    const wanted = isRecord(input) ? 'object' : Array.isArray(input) ? 'array' : null;
    const option = def.options.find((o) => defOf(unwrap(o)).type === wanted);
    return option ? unknownKeyProblems(option, input, path) : [];
  }
  return [];
}

type Issue = z.core.$ZodIssue;

/** A value as the problem line quotes it: JSON, cut short so that the line stays one line. */
function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line per problem; a union's issues are those of the alternative the input was meant as. */
function issueLines(issue: Issue, base: Path): string[] {
  const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const rootMismatch = (branch: readonly Issue[]) => branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
    const meant = issue.errors.filter((branch) => !rootMismatch(branch));
    if (meant.length === 1) return meant[0]!.flatMap((i) => issueLines(i, path));
    const expected = issue.errors.flatMap((branch) =>
      branch.flatMap((i) => (i.path.length > 0 ? [] : i.code === 'invalid_type' ? [i.expected === 'object' ? 'a mapping' : `a ${i.expected}`] : i.code === 'invalid_value' ? i.values.map(show) : [])),
    );
    if (expected.length > 0) return [`${formatPath(path)}: must be ${[...new Set(expected)].join(' or ')}${issue.input === undefined ? '' : `, got ${show(issue.input)}`}`];
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return [`${formatPath(path)}: required`];
  if (issue.code === 'invalid_value') {
    return [`${formatPath(path)}: ${show(issue.input)} is not allowed; allowed: ${issue.values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')}`];
  }
  return [`${formatPath(path)}: ${issue.message}`];
}

/** Problem lines for zod issues, each path prefixed with `base`. */
function issueProblems(issues: readonly Issue[], base: Path = []): string[] {
  return issues.flatMap((i) => issueLines(i, base));
}

/** Parses `input` with `schema`, refusing unknown keys; every problem is listed, each on one line. */
export function strictParse<S extends z.ZodType>(schema: S, input: unknown, base: Path = []): StrictResult<z.output<S>> {
  const unknown = unknownKeyProblems(schema, input, base);
  const parsed = schema.safeParse(input, { reportInput: true });
  const problems = [...unknown, ...(parsed.success ? [] : issueProblems(parsed.error.issues, base))];
  return parsed.success && problems.length === 0 ? { success: true, data: parsed.data } : { success: false, problems };
}
