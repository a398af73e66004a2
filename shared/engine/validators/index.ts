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
import { paymentCard } from './payment-card.ts';
import { jwt } from './jwt.ts';
import { frNir } from './fr-nir.ts';
import { nlBsn } from './nl-bsn.ts';
import { sePersonnummer } from './se-personnummer.ts';
import { inAadhaar } from './in-aadhaar.ts';
import { inPan } from './in-pan.ts';
import { caSin } from './ca-sin.ts';
import { auTfn } from './au-tfn.ts';
import { brCpf } from './br-cpf.ts';
import { calendarDate } from './calendar-date.ts';
import { phoneNumber } from './phone-number.ts';
import { gitlabToken } from './gitlab-token.ts';
import { slackToken } from './slack-token.ts';

export { luhn, iban, usSsn, abaRouting, ukNhs, ukNino, deTaxId, esDniNie, itCodiceFiscale, plPesel };
export { paymentCard, jwt, frNir, nlBsn, sePersonnummer, inAadhaar, inPan, caSin, auTfn, brCpf, calendarDate, phoneNumber, gitlabToken, slackToken };
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
  payment_card: paymentCard,
  jwt,
  fr_nir: frNir,
  nl_bsn: nlBsn,
  se_personnummer: sePersonnummer,
  in_aadhaar: inAadhaar,
  in_pan: inPan,
  ca_sin: caSin,
  au_tfn: auTfn,
  br_cpf: brCpf,
  calendar_date: calendarDate,
  phone_number: phoneNumber,
  gitlab_token: gitlabToken,
  slack_token: slackToken,
} as const);

export type ValidatorName = keyof typeof VALIDATORS;

export const VALIDATOR_NAMES: readonly ValidatorName[] = Object.freeze(Object.keys(VALIDATORS) as ValidatorName[]);

/** True when `name` is a registered validator name. */
export function isValidatorName(name: string): name is ValidatorName {
  return Object.hasOwn(VALIDATORS, name);
}
