// Registry of checksum/format validators used by detection rules, keyed by the name rules refer to.

import { luhn } from './luhn.ts';
import { iban } from './iban.ts';
import { usSsn } from './us-ssn.ts';
import { abaRouting } from './aba-routing.ts';
import { ukNhs } from './uk-nhs.ts';
import { ukNino } from './uk-nino.ts';
import { deTaxId } from './de-tax-id.ts';
import { esDniNie } from './es-dni-nie.ts';
import { itCodiceFiscale } from './it-codice-fiscale.ts';
import { plPesel } from './pl-pesel.ts';

export { luhn, iban, usSsn, abaRouting, ukNhs, ukNino, deTaxId, esDniNie, itCodiceFiscale, plPesel };
export { IBAN_LENGTHS } from './iban.ts';
export { shannonEntropy } from './entropy.ts';

/** A validator takes the text a regex matched and says whether it is a genuine value of its kind. Never throws. */
export type Validator = (raw: string) => boolean;

export const VALIDATORS = Object.freeze({
  luhn,
  iban,
  us_ssn: usSsn,
  aba_routing: abaRouting,
  uk_nhs: ukNhs,
  uk_nino: ukNino,
  de_tax_id: deTaxId,
  es_dni_nie: esDniNie,
  it_codice_fiscale: itCodiceFiscale,
  pl_pesel: plPesel,
} as const);

export type ValidatorName = keyof typeof VALIDATORS;

export const VALIDATOR_NAMES: readonly ValidatorName[] = Object.freeze(Object.keys(VALIDATORS) as ValidatorName[]);

/** True when `name` is a registered validator name. */
export function isValidatorName(name: string): name is ValidatorName {
  return Object.hasOwn(VALIDATORS, name);
}
