// The SHA-256 of recently presented API keys, so that a client sending the same key on every
// request does not cost a hash on every request. It caches only the digest, a pure function of the
// key: whether the key exists, is revoked or its workspace suspended is read from storage on every
// request, so a revocation committed by any server applies at once (docs/security.md).
import { hashApiKey } from './api-key.ts';

/** Keys whose digest is kept; the oldest is dropped beyond this (a client presenting random keys only evicts). */
export const KEY_DIGESTS_KEPT = 256;

/** A hashApiKey that remembers the last `max` keys' digests. The Buffers it returns are shared: read them, never write. */
export function createKeyDigestCache(max = KEY_DIGESTS_KEPT): (key: string) => Buffer {
  const digests = new Map<string, Buffer>();
  return (key) => {
    const known = digests.get(key);
    if (known) return known;
    const digest = hashApiKey(key);
    if (digests.size >= max) digests.delete(digests.keys().next().value!);
    digests.set(key, digest);
    return digest;
  };
}
