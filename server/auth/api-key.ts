// API keys: `chk_` plus 43 URL-safe characters (32 random bytes). Only the SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PATTERN = /^chk_[A-Za-z0-9_-]{32,128}$/;

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  readonly key: string;
  /** First characters, stored to tell keys apart in listings. */
  readonly prefix: string;
  readonly hash: Buffer;
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateApiKey(): NewApiKey {
  const key = `chk_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}
