// The database never holds an API key in plain text or any submitted content.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, startTestServer } from './helpers/test-server.ts';

describe('what the database stores', () => {
  it('holds key hashes and labels, never the key or the content', async () => {
    const t = await startTestServer();
    const key = await t.workspaceWithKey('acme');
    const secret = 'MARKER-7f3a9c-the-secret-body-text Confidential IBAN DE89370400440532013000';
    await call(`${t.api}/classify`, { key, json: { name: 'contract.pdf', content: secret } });
    await call(`${t.api}/classify`, { key, json: { name: 'contract.pdf', content: `${secret} again` } });
    // Read every file of the store while the server runs (WAL included), then after checkpoint.
    const scan = () =>
      readdirSync(t.dataDir)
        .map((f) => readFileSync(join(t.dataDir, f)))
        .map((b) => b.toString('latin1'));
    const files = scan();
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      expect(bytes).not.toContain('MARKER-7f3a9c');
      expect(bytes).not.toContain('DE89370400440532013000');
      expect(bytes).not.toContain(key);
      expect(bytes).not.toContain(key.slice(12));
    }
    expect(files.join('')).toContain('contract.pdf');
    await t.close();
  });
});
