// JSON Web Tokens (RFC 7519, JWS compact form): header and payload must be base64url of JSON
// objects, the header must name an algorithm other than "none", and the signature must be present.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MAX_PART = 8192;

/** Decodes unpadded base64url, or null on a character outside the alphabet or an impossible length. */
function base64UrlBytes(part: string): Uint8Array | null {
  if (part.length === 0 || part.length > MAX_PART || part.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((part.length * 6) / 8));
  let n = 0;
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < part.length; i++) {
    const v = ALPHABET.indexOf(part.charAt(i));
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

/** The JSON object a base64url part encodes, or null. */
function jsonObject(part: string): Record<string, unknown> | null {
  const bytes = base64UrlBytes(part);
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** True for `header.payload.signature` whose header is a JSON object with a string `alg` other than `none` and whose payload is a JSON object. */
export function jwt(raw: string): boolean {
  if (typeof raw !== 'string') return false;
  const parts = raw.split('.');
  if (parts.length !== 3 || parts[2]!.length === 0 || base64UrlBytes(parts[2]!) === null) return false;
  const header = jsonObject(parts[0]!);
  if (header === null || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  return jsonObject(parts[1]!) !== null;
}
