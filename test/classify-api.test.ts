// POST /classify as existing clients call it: fetch, curl and Python requests.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const run = promisify(execFile);

/** The first Python with `requests` (.ci/run installs Debian's python3-requests when none has it). */
async function pythonWithRequests(): Promise<string> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await run(python, ['-c', 'import requests']);
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error('no python3 with the requests package; install Debian python3-requests');
}
const VENDOR = {
  name: 'vendor-contract-2026.pdf',
  asset_type: 'document',
  content: 'Confidential — NDA. Payment to IBAN DE89370400440532013000',
};

let t: TestServer;
let key: string;
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

describe('POST /api/v1/classify', () => {
  it('classifies the vendor contract exactly as the contract shows', async () => {
    const res = await call(`${t.api}/classify`, { key, json: VENDOR });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'vendor-contract-2026.pdf',
      label: { name: 'Confidential', level: 2, color: '#f59e0b' },
      matched_rules: 'Marked confidential, Financial data',
      source: 'api',
    });
    expect(body.id).toEqual(expect.any(Number));
    expect(body.classified_at).toBe('2026-06-12T08:30:00');
    const findings = body.findings as { rule: string; label: string; count: number; samples: { value: string }[] }[];
    expect(findings.map((f) => [f.rule, f.label])).toEqual([
      ['Marked confidential', 'Confidential'],
      ['Financial data', 'Confidential'],
    ]);
    expect(findings[1]!.samples.map((s) => s.value)).toEqual(['DE89 **** **** **** **** 00']);
  });

  it('answers with the default label and "" when nothing matches, and without content', async () => {
    const res = await call(`${t.api}/classify`, { key, json: { name: 'lunch-menu.txt' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ label: { name: 'Public', level: 0, color: '#22c55e' }, matched_rules: '', asset_type: null });
  });

  it('ignores unknown fields and accepts source agent', async () => {
    const res = await call(`${t.api}/classify`, { key, json: { name: 'fs01:/srv/a.txt', source: 'agent', extra: { nested: true } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'agent' });
    expect(res.body).not.toHaveProperty('extra');
  });

  it('works from curl with -H "X-API-Key: ..."', async () => {
    const { stdout } = await run('curl', ['-sS', '-X', 'POST', `${t.api}/classify`, '-H', `X-API-Key: ${key}`, '-H', 'Content-Type: application/json', '-d', JSON.stringify(VENDOR)]);
    const body = JSON.parse(stdout) as { label: { name: string }; matched_rules: string };
    expect(body.label.name).toBe('Confidential');
    expect(body.matched_rules).toBe('Marked confidential, Financial data');
  });

  it('works from Python requests the way client scripts call it', async () => {
    const script = `
import sys, requests
API, key = sys.argv[1], sys.argv[2]
text = "Customer export. Contact jane.doe@example.com. " * 2000
r = requests.post(f"{API}/classify", headers={"X-API-Key": key}, json={"name": "export-customers.csv", "content": text[:64000]})
print(r.status_code)
print(r.json()["label"]["name"])
print(requests.get(f"{API}/assets", headers={"X-API-Key": key}, params={"q": "export-customers"}).json()[0]["name"])
`;
    const { stdout } = await run(await pythonWithRequests(), ['-c', script, t.api, key]);
    expect(stdout.trim().split('\n')).toEqual(['201', 'Internal', 'export-customers.csv']);
  });
});
