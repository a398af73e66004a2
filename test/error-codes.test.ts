// ERROR_CODES (what the OpenAPI document and docs/api.md list) is kept beside the error classes:
// every exported AssayError subclass must be listed with its status, and every listed code must
// come from a class or from the HTTP layer that answers without one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../shared/errors.ts';

const ROOT = join(import.meta.dirname, '..');
type ErrorClass = new (...args: unknown[]) => errors.AssayError;

const errorClasses = Object.entries(errors as Record<string, unknown>).filter((e): e is [string, ErrorClass] => typeof e[1] === 'function' && e[1].prototype instanceof errors.AssayError);
// Every constructor accepts a list as its first argument (issues, problems) and tolerates it
// where it expects a number or a name: the instance is only read for its code and status.
const produced = errorClasses.map(([name, cls]) => {
  const e = new cls([]);
  return { name, code: e.code, status: e.status };
});
const listed = (code: string, status: number) => errors.ERROR_CODES.some((c) => c.code === code && c.status === status);

describe('ERROR_CODES', () => {
  it('lists every exported error class with its status', () => {
    expect(produced.length).toBeGreaterThanOrEqual(18);
    for (const p of produced) expect(listed(p.code, p.status), `${p.name} (${p.code}, ${p.status})`).toBe(true);
  });

  it('lists no code that nothing answers with', () => {
    // The codes without a class are written by the HTTP layer itself (parser errors, the 500).
    const httpDir = join(ROOT, 'server', 'http');
    const httpSource = readdirSync(httpDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(httpDir, f), 'utf8'))
      .join('\n');
    for (const { code, status } of errors.ERROR_CODES) {
      const fromClass = produced.some((p) => p.code === code && p.status === status);
      const fromHttp = httpSource.includes(`'${code}'`) && httpSource.includes(`${status}`);
      expect(fromClass || fromHttp, `${code} (${status})`).toBe(true);
    }
    expect(new Set(errors.ERROR_CODES.map((c) => `${c.code}/${c.status}`)).size).toBe(errors.ERROR_CODES.length);
  });

  it('documents every code in docs/api.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    for (const { code, status } of errors.ERROR_CODES) expect(doc, code).toMatch(new RegExp(`^\\| ${status} \\| [^|]*\`${code}\``, 'm'));
  });
});
