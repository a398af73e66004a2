// pdf.js's legacy build (the one pdf-parse loads) carries core-js polyfills. Most only add what
// Node 20 lacks, but two replace natives, for edge cases no extractor meets: Array.prototype.push
// (V8 before 12.2 does not throw on an array with a read-only length) and JSON.parse (source text
// access in a reviver). On Node 22 and later core-js leaves push native, so pdf.js runs with it
// there. The polyfilled push is plain JavaScript that V8 cannot inline: once a thread had read one
// PDF, every push in it (pdf.js's text items, the XML scanners, mammoth) went through it, about
// 15 % of a PDF's CPU and 8 % of a DOCX's (docs/benchmarks.md, round 5).
//
// The functions found when this module is evaluated are put back. extract-buffer.ts imports it
// statically and pdf.js only on a thread's first PDF, so they are the natives; were they not,
// putting them back would still be harmless (they were what the thread had before pdf.js).
import { runInNewContext } from 'node:vm';

const FOUND_PUSH = Array.prototype.push;
const FOUND_JSON_PARSE = JSON.parse;

/** Puts back push and JSON.parse as they were before pdf.js loaded; cheap and idempotent. */
export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== FOUND_PUSH) {
    Object.defineProperty(Array.prototype, 'push', { value: FOUND_PUSH, writable: true, configurable: true, enumerable: false });
  }
  if (JSON.parse !== FOUND_JSON_PARSE) {
    Object.defineProperty(JSON, 'parse', { value: FOUND_JSON_PARSE, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Whether push and JSON.parse are the natives, told by a Function.prototype.toString from a fresh
 * realm (core-js replaces this realm's, so that its polyfills print as native code). For tests.
 */
export function builtinsAreNative(): boolean {
  const realToString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
  const isNative = (fn: unknown) => typeof fn === 'function' && realToString.call(fn).endsWith('{ [native code] }');
  return isNative(Array.prototype.push) && isNative(JSON.parse);
}
