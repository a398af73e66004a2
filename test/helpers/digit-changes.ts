// Single-digit errors for checksum tests.

/** Every variant of `s` with exactly one digit changed to another digit. */
export function oneDigitChanges(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    for (let d = 0; d <= 9; d++) {
      if (d !== c - 48) out.push(s.slice(0, i) + String(d) + s.slice(i + 1));
    }
  }
  return out;
}
