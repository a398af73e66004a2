// Shannon entropy of a string, in bits per character (code point).

/** −Σ p·log2(p) over the code-point frequencies of `s`; 0 for the empty string. */
export function shannonEntropy(s: string): number {
  if (typeof s !== 'string' || s.length === 0) return 0;
  const counts = new Map<string, number>();
  let total = 0;
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    total++;
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / total;
    h -= p * Math.log2(p);
  }
  return h;
}
