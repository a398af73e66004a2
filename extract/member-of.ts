// Which member of a container a position in the extracted text belongs to: the one place findings
// get their `member` (the server for uploads and agent deliveries, the CLI for local files), and
// how member positions follow the text when only parts of it are sent (the agent's condensing).
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

interface Sampled {
  readonly samples: ReadonlyArray<{ readonly offset: number }>;
}

/** The findings with each sample naming the member its offset falls in (unchanged without spans). */
export function nameMembers<F extends Sampled>(findings: readonly F[], spans: readonly MemberSpan[] | undefined): F[] {
  if (!spans || spans.length === 0) return [...findings];
  return findings.map((f) => ({
    ...f,
    samples: f.samples.map((s) => {
      const member = memberAt(spans, s.offset);
      return member === undefined ? s : { ...s, member };
    }),
  }));
}

/**
 * The spans as positions in a text made of `ranges` of the original joined by a separator of
 * `separatorLength` characters: each kept range starts with the member it lies in, and members
 * starting inside it follow at their shifted offsets. Spans at one position keep only the last
 * (memberAt would pick it anyway).
 */
export function spansInRanges(spans: readonly MemberSpan[], ranges: ReadonlyArray<readonly [number, number]>, separatorLength: number): MemberSpan[] {
  const out: MemberSpan[] = [];
  const push = (member: string, offset: number) => {
    if (out.length > 0 && out[out.length - 1]!.offset === offset) out.pop();
    if (out.length === 0 || out[out.length - 1]!.member !== member) out.push({ member, offset });
  };
  let at = 0;
  for (const [start, end] of ranges) {
    const first = memberAt(spans, start);
    if (first !== undefined) push(first, at);
    for (const s of spans) if (s.offset > start && s.offset < end) push(s.member, at + s.offset - start);
    at += end - start + separatorLength;
  }
  return out;
}
