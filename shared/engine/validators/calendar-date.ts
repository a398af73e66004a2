// Calendar dates as people write them (ISO, day-first, month-first, month names in English,
// German, French and Spanish): the day must exist in that month and the year lie in 1900–2099.

import { isAsciiDigits } from './compact.ts';

const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  [
    ['jan', 'january', 'januar', 'janvier', 'enero', 'jän', 'jänner'],
    ['feb', 'february', 'februar', 'février', 'fevrier', 'febrero'],
    ['mar', 'march', 'märz', 'maerz', 'mars', 'marzo'],
    ['apr', 'april', 'avril', 'abril'],
    ['may', 'mai', 'mayo'],
    ['jun', 'june', 'juni', 'juin', 'junio'],
    ['jul', 'july', 'juli', 'juillet', 'julio'],
    ['aug', 'august', 'août', 'aout', 'agosto'],
    ['sep', 'sept', 'september', 'septembre', 'septiembre'],
    ['oct', 'october', 'okt', 'oktober', 'octobre', 'octubre'],
    ['nov', 'november', 'novembre', 'noviembre'],
    ['dec', 'december', 'dez', 'dezember', 'décembre', 'decembre', 'diciembre'],
  ].flatMap((names, i) => names.map((n) => [n, i + 1] as const)),
);

function exists(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

const num = (s: string | undefined): number => (s !== undefined && s.length <= 4 && isAsciiDigits(s) ? Number(s) : NaN);

/**
 * True for a date that exists: `1985-03-12`, `12.03.1985`, `12/03/1985` or `03/12/1985` (either
 * order, when one reading exists), `12 March 1985`, `March 12, 1985`, `12. März 1985`, `12 de marzo de 1985`.
 */
export function calendarDate(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 40) return false;
  const words = raw.toLowerCase().split(/[\s.,/-]+/).filter((w) => w.length > 0 && w !== 'de' && w !== 'of');
  if (words.length !== 3) return false;
  const [a, b, c] = words as [string, string, string];
  const named = MONTH_NAMES.get(b) ?? MONTH_NAMES.get(a);
  if (named !== undefined) {
    const day = MONTH_NAMES.has(b) ? num(a.replace(/(st|nd|rd|th)$/, '')) : num(b.replace(/(st|nd|rd|th)$/, ''));
    return c.length === 4 && exists(num(c), named, day);
  }
  if (a.length === 4) return b.length <= 2 && c.length <= 2 && exists(num(a), num(b), num(c));
  if (c.length !== 4 || a.length > 2 || b.length > 2) return false;
  return exists(num(c), num(b), num(a)) || exists(num(c), num(a), num(b));
}
