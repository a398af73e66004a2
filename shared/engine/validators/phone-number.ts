// Phone numbers checked against libphonenumber-js's metadata (the "min" set: per country the
// number lengths and leading digits, about 80 kB), so that new national formats need no new
// hand-written patterns. International numbers (+… or 00…) are checked for their own country;
// a national number must be valid in one of the countries below that write it that way: with
// the trunk prefix 0 (most of Europe, Australia, India, Brazil) or without one (NANP, Spain, Poland).

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Countries whose national numbers start with the trunk prefix 0 (Italy keeps the 0 in the number). */
const TRUNK_ZERO: readonly CountryCode[] = Object.freeze(['GB', 'DE', 'FR', 'IT', 'NL', 'BE', 'AT', 'CH', 'SE', 'IE', 'AU', 'IN', 'BR'] as CountryCode[]);
/** Countries whose national numbers have no trunk prefix. */
const NO_TRUNK: readonly CountryCode[] = Object.freeze(['US', 'ES', 'PL'] as CountryCode[]);
/** Every country whose national notation (without a country code) is recognised. */
export const NATIONAL_PHONE_COUNTRIES: readonly CountryCode[] = Object.freeze([...NO_TRUNK, ...TRUNK_ZERO]);

/** True for a phone number libphonenumber-js accepts as valid (up to 40 characters). */
export function phoneNumber(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 40) return false;
  const text = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
  try {
    if (text.startsWith('+')) return parsePhoneNumberFromString(text)?.isValid() ?? false;
    const countries = text.replace(/^\(/, '').startsWith('0') ? TRUNK_ZERO : NO_TRUNK;
    return countries.some((country) => parsePhoneNumberFromString(text, country)?.isValid() ?? false);
  } catch {
    return false;
  }
}
