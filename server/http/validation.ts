// Validates a request part against a zod schema and turns failures into the FastAPI-style
// `detail` list of SPEC §2: one entry per bad field, with `loc`, `msg` and `type`.
import type { z } from 'zod';
import { RequestValidationError, type ValidationIssue } from '../../shared/errors.ts';

type Part = 'body' | 'query' | 'path' | 'header';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function describe(issue: z.core.$ZodIssue, present: boolean): { msg: string; type: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (!present) return { msg: 'Field required', type: 'missing' };
      if (issue.expected === 'object') return { msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' };
      if (issue.expected === 'number' || issue.expected === 'int') return { msg: 'Input should be a valid integer', type: 'int_type' };
      return { msg: `Input should be a valid ${issue.expected}`, type: `${issue.expected}_type` };
    case 'too_small':
      if (issue.origin === 'string') return { msg: `String should have at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}`, type: 'string_too_short' };
      if (issue.origin === 'array') return { msg: `List should have at least ${issue.minimum} items`, type: 'too_short' };
      return { msg: `Input should be greater than or equal to ${issue.minimum}`, type: 'greater_than_equal' };
    case 'too_big':
      if (issue.origin === 'string') return { msg: `String should have at most ${issue.maximum} characters`, type: 'string_too_long' };
      if (issue.origin === 'array') return { msg: `List should have at most ${issue.maximum} items`, type: 'too_long' };
      return { msg: `Input should be less than or equal to ${issue.maximum}`, type: 'less_than_equal' };
    case 'invalid_value':
      return { msg: `Input should be ${issue.values.map((v) => `'${String(v)}'`).join(' or ')}`, type: 'enum' };
    case 'invalid_format':
      if (issue.format === 'regex' && /integer/.test(issue.message)) return { msg: issue.message, type: 'int_parsing' };
      return { msg: issue.message, type: 'string_pattern_mismatch' };
    default:
      return { msg: issue.message, type: 'value_error' };
  }
}

export function toValidationIssues(error: z.ZodError, part: Part, input: unknown): ValidationIssue[] {
  return error.issues.map((issue) => {
    const present = valueAt(input, issue.path) !== undefined;
    return { loc: [part, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], ...describe(issue, present) };
  });
}

/** Parses `input` or throws RequestValidationError. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, part: Part): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new RequestValidationError(toValidationIssues(result.error, part, input));
  return result.data;
}

/**
 * The parsed body of a request, or the SPEC §2 "Field required" error when none came (no body,
 * or one not declared as JSON): the one check before validating a body, API and console alike.
 */
export function bodyOf(req: { body?: unknown }): unknown {
  if (req.body === undefined) throw new RequestValidationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  return req.body;
}
