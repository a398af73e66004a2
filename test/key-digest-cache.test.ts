// The API-key digest cache (server/auth/key-digest-cache.ts): the digest it gives is SHA-256 of the
// key, whether remembered or not, and it keeps at most the number of keys it is given.
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../server/auth/api-key.ts';
import { createKeyDigestCache } from '../server/auth/key-digest-cache.ts';

describe('key digest cache', () => {
  it('gives the SHA-256 of each key, first time and again, past its size', () => {
    const digestOf = createKeyDigestCache(4);
    const keys = Array.from({ length: 10 }, () => generateApiKey().key);
    for (let round = 0; round < 3; round++) for (const key of [...keys, keys[0]!, keys[0]!]) expect(digestOf(key).equals(hashApiKey(key))).toBe(true);
  });

  it('hands the same digest back while the key is remembered, and forgets the oldest beyond its size', () => {
    const digestOf = createKeyDigestCache(2);
    const [a, b, c] = [generateApiKey().key, generateApiKey().key, generateApiKey().key];
    const first = digestOf(a);
    expect(digestOf(a)).toBe(first);
    digestOf(b);
    digestOf(c);
    expect(digestOf(a)).not.toBe(first);
    expect(digestOf(a).equals(first)).toBe(true);
  });
});
