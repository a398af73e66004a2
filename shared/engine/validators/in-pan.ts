// India's Permanent Account Number (PAN): five letters, four digits, a letter. The fourth letter
// names the holder type; the number has no published check digit, so structure is all there is.

/** Holder types: Company, Person, HUF, Firm, AOP, Trust, BOI, Local authority, Artificial juridical person, Government. */
const HOLDER_TYPES = 'CPHFATBLJG';

/** True for a PAN such as `ABCPE1234F` (case-insensitive, no separators). */
export function inPan(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length !== 10) return false;
  const s = raw.toUpperCase();
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    const letter = c >= 65 && c <= 90;
    const digit = c >= 48 && c <= 57;
    if (i >= 5 && i <= 8 ? !digit : !letter) return false;
  }
  if (s.slice(5, 9) === '0000') return false;
  return HOLDER_TYPES.includes(s.charAt(3));
}
