// A zip entry's raw DEFLATE data inflated in one bounded synchronous call: the one place the zip
// readers (zip-reader.ts, docx-guard.ts) inflate an entry whole, with the same 'corrupt' reason.
import { inflateRawSync } from 'node:zlib';
import { isOutputTooLarge } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';

/** 'corrupt': the data of `what` (an entry, named as the caller names it) does not inflate. */
export function cannotInflate(what: string, err: unknown): ExtractError {
  return new ExtractError('corrupt', `cannot inflate ${what}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Inflates raw DEFLATE data to at most maxBytes: the output, or null when it would be longer (zlib
 * stops there, so no more is ever held; an archive's declared sizes may lie). Throws
 * cannotInflate(what) when the data does not inflate.
 */
export function inflateRawBounded(data: Buffer, maxBytes: number, what: string): Buffer | null {
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    if (isOutputTooLarge(err)) return null;
    throw cannotInflate(what, err);
  }
}
