// Which member of a container a position in the extracted text belongs to.
import type { MemberSpan } from './extraction-result.ts';

/** The innermost member whose text starts at or before offset (spans are in text order), or undefined. */
export function memberAt(spans: readonly MemberSpan[], offset: number): string | undefined {
  let found: string | undefined;
  for (const s of spans) {
    if (s.offset > offset) break;
    found = s.member;
  }
  return found;
}
