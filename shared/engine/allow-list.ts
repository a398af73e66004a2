// The workspace allow-list as the engine applies it: values people marked as not sensitive (a test
// card number), known only as keyed hashes (HMAC-SHA256 with the workspace's allow-list key) of
// their normalised form. The server and the agent compile the same {key, hashes} and drop a match
// whose normalised value hashes to one of them, so both give a file the same label.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** What the server stores and serves (GET /api/v1/allowlist); the key is base64url. */
export const allowListDefinitionSchema = z.object({
  key: z.string().min(1).max(200).nullable().meta({ description: 'The workspace allow-list key (base64url), null until the first entry' }),
  hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(200_000).meta({ description: 'HMAC-SHA256 (hex) of every allow-listed value, once per normal form' }),
});
export type AllowListDefinition = z.output<typeof allowListDefinitionSchema>;
export const EMPTY_ALLOW_LIST: AllowListDefinition = Object.freeze({ key: null, hashes: [] }) as AllowListDefinition;

export interface CompiledAllowList {
  readonly key: Buffer;
  readonly hashes: ReadonlySet<string>;
}

/**
 * How a detector's matches are normalised before hashing. Numbers people write with any
 * separators (cards, phone numbers) keep only their digits; everything else drops white space,
 * dots and dashes and is upper-cased (an IBAN in print form or electronic form, a token).
 */
type Normaliser = (value: string) => string;
const digitsOnly: Normaliser = (v) => v.replace(/\D/g, '');
const compact: Normaliser = (v) => v.replace(/[\s.\-]/g, '').toUpperCase();
const DIGIT_DETECTORS: ReadonlySet<string> = new Set(['payment-card', 'payment-card-unformatted', 'phone-number']);

export function normaliseForDetector(detector: string, value: string): string {
  return (DIGIT_DETECTORS.has(detector) ? digitsOnly : compact)(value);
}

/**
 * Every normal form a detector could give this value: the compact form, and the digits when the
 * value is a number with separators (no letters). Each is hashed, so the entry matches whichever
 * detector finds the value.
 */
export function normalForms(value: string): string[] {
  const forms = [compact(value)];
  if (!/\p{L}/u.test(value)) forms.push(digitsOnly(value));
  return [...new Set(forms.filter((f) => f.length > 0))];
}

export function allowListHash(key: Buffer, form: string): string {
  return createHmac('sha256', key).update(form, 'utf8').digest('hex');
}

export function compileAllowList(def: AllowListDefinition | undefined): CompiledAllowList | null {
  if (!def || def.key === null || def.hashes.length === 0) return null;
  return { key: Buffer.from(def.key, 'base64url'), hashes: new Set(def.hashes) };
}

/** Whether a detector's raw match is allow-listed. */
export function isAllowListed(list: CompiledAllowList, detector: string, raw: string): boolean {
  const form = normaliseForDetector(detector, raw);
  return form.length > 0 && list.hashes.has(allowListHash(list.key, form));
}
