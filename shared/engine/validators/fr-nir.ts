// France's NIR (numéro de sécurité sociale): sex, year, month, département (2A/2B for Corsica),
// commune, order number and the two-digit key 97 − (number mod 97).

import { compact, isAsciiDigits } from './compact.ts';

/** The 13-digit number the key is computed over: Corsica's 2A and 2B count as 19 and 18. */
function numericBody(s: string): string | null {
  const dept = s.slice(5, 7);
  const body = dept === '2A' ? `${s.slice(0, 5)}19${s.slice(7, 13)}` : dept === '2B' ? `${s.slice(0, 5)}18${s.slice(7, 13)}` : s.slice(0, 13);
  return isAsciiDigits(body) ? body : null;
}

/** True for a 15-character NIR (single spaces allowed between groups; case-insensitive 2A/2B) with a valid key. */
export function frNir(raw: string): boolean {
  const c = compact(raw, ' ', 24);
  if (c === null) return false;
  const s = c.text.toUpperCase();
  if (s.length !== 15 || !isAsciiDigits(s.slice(13))) return false;
  const sex = s.charAt(0);
  if (sex !== '1' && sex !== '2' && sex !== '3' && sex !== '4' && sex !== '7' && sex !== '8') return false;
  const month = Number(s.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) return false;
  const body = numericBody(s);
  if (body === null) return false;
  let rem = 0;
  for (let i = 0; i < body.length; i++) rem = (rem * 10 + body.charCodeAt(i) - 48) % 97;
  return 97 - rem === Number(s.slice(13));
}
