// US Social Security Numbers: AAA-GG-SSSS structure rules and known sample numbers.

import { compact, groupsEqual, isAsciiDigits, singleSeparatorKind } from './compact.ts';

/** Numbers published in advertising, wallets and documentation; never valid for a person. */
const SAMPLE_SSNS: readonly string[] = Object.freeze(['078051120', '219099999', '123456789']);

/** True for a structurally valid SSN: 9 digits, or 3-2-4 with dashes, spaces or dots (one kind); excludes impossible areas/groups/serials and samples. */
export function usSsn(raw: string): boolean {
  const c = compact(raw, '- .', 16);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  if (!groupsEqual(c.groups, [9]) && !groupsEqual(c.groups, [3, 2, 4])) return false;
  const d = c.text;
  if (!isAsciiDigits(d)) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || d.charCodeAt(0) === 57 /* 9xx */) return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  if (SAMPLE_SSNS.includes(d)) return false;
  if (d.startsWith('98765432')) return false; // 987-65-4320 … 987-65-4329 (advertising block)
  return true;
}
