// Brazil's CPF (Cadastro de Pessoas Físicas): eleven digits, printed 000.000.000-00, with two mod-11 check digits.

import { digitAt, isAsciiDigits } from './compact.ts';

function checkDigit(d: string, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += digitAt(d, i) * (count + 1 - i);
  return ((sum * 10) % 11) % 10;
}

/** True for `52998224725` or `529.982.247-25` with both check digits right; all-same digits refused. */
export function brCpf(raw: string): boolean {
  if (typeof raw !== 'string') return false;
  let d = raw;
  if (raw.length === 14) {
    if (raw.charAt(3) !== '.' || raw.charAt(7) !== '.' || raw.charAt(11) !== '-') return false;
    d = raw.slice(0, 3) + raw.slice(4, 7) + raw.slice(8, 11) + raw.slice(12);
  }
  if (d.length !== 11 || !isAsciiDigits(d) || /^(\d)\1+$/.test(d)) return false;
  return checkDigit(d, 9) === digitAt(d, 9) && checkDigit(d, 10) === digitAt(d, 10);
}
