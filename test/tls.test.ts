// HTTPS: the server serves TLS from the configured certificate and key, and the agent's client
// trusts a private CA given as `agent.ca_file` (and refuses the server without it). The fixtures in
// test/fixtures/tls are a test-only CA and a localhost/127.0.0.1 certificate it signed.
import { request } from 'node:https';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../agent/client/api-client.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import { DefinitionError } from '../shared/errors.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'tls');
const CA = readFileSync(join(FIXTURES, 'ca.pem'), 'utf8');

describe('TLS', () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({ server: { tls: { cert_file: join(FIXTURES, 'server.pem'), key_file: join(FIXTURES, 'server-key.pem') } } });
    key = await server.workspaceWithKey('acme');
  });
  afterAll(() => server.close());

  it('serves the API over https', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.api}/labels`, { ca: CA, headers: { 'X-API-Key': key } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('lets the agent client trust a custom CA, and refuses the server without it', async () => {
    const trusting = createApiClient({ serverUrl: server.url, apiKey: key, timeoutMs: 5000, userAgent: 'test', connections: 1, caCertificates: CA });
    const untrusting = createApiClient({ serverUrl: server.url, apiKey: key, timeoutMs: 5000, userAgent: 'test', connections: 1 });
    try {
      expect(await trusting.getJson('/labels', null)).toMatchObject({ kind: 'ok', status: 200 });
      const refused = await untrusting.getJson('/labels', null);
      expect(refused.kind).toBe('retry');
      expect(refused.kind === 'retry' && refused.reason).toMatch(/certificate/i);
    } finally {
      trusting.close();
      untrusting.close();
    }
  });

  it('reports an unreadable certificate as a configuration error', async () => {
    await expect(startTestServer({ server: { tls: { cert_file: join(FIXTURES, 'missing.pem'), key_file: join(FIXTURES, 'server-key.pem') } } })).rejects.toThrow(DefinitionError);
    await expect(startTestServer({ server: { tls: { cert_file: join(FIXTURES, 'ca.pem'), key_file: join(FIXTURES, 'ca.pem') } } })).rejects.toThrow(/server\.tls/);
  });
});
