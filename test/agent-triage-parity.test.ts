// Offline parity for triage: with a value on the workspace allow-list, the agent (which pulls the
// allow-list's key and hashes with the rules) and `assay classify` offline give every file the
// label the server gives, and the agent's cached policy holds no allow-listed value. A finding
// dismissed on an agent's asset stays dismissed when the agent delivers the changed file again.
// Dismissals and pins on an agent's files (GET /triage, pulled with the rules) are applied by the
// agent and by `assay classify` offline: at each step the local label is the label the server keeps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgentCli } from '../agent/cli/agent-cli.ts';
import { systemClock } from '../lib/clock.ts';
import type { Asset } from '../shared/api/schemas.ts';
import { agentAssets, cleanupAfterEach, deliverAll, nameOf, setUpAgentTest, startTestAgent, TEST_HOST, waitFor } from './helpers/agent-harness.ts';
import { captureOutput } from './helpers/cli-runner.ts';
import { call } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

async function offline(paths: string[], stateDir: string) {
  const output = captureOutput();
  const code = await runAgentCli(['classify', ...paths, '--state-dir', stateDir, '--json'], { stdout: output.stdout, stderr: output.stderr, env: {} }, {
    clock: systemClock,
    version: 'test',
    hostname: TEST_HOST,
    cwd: process.cwd(),
  });
  const result = output.result(code as number);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { path: string; name: string; label: { name: string }; matched_rules: string; pinned?: true }[];
}

const TEST_CARD = '4012 8888 8888 1881';

describe('triage offline parity', () => {
  it('the agent applies the allow-list offline exactly as the server does', async () => {
    const { server, key, watchDir, stateDir, settings } = await setUpAgentTest(cleanup);
    const admin = await server.adminKey('acme');
    const added = await call(`${server.api}/admin/allowlist`, { key: admin, json: { value: TEST_CARD, reason: 'the QA test card' } });
    expect(added.status).toBe(201);
    const files = {
      'allowed-spaces.txt': `Test card ${TEST_CARD} for the checkout tests.\n`,
      'allowed-dashes.txt': `Card: ${TEST_CARD.replaceAll(' ', '-')}\n`,
      'allowed-run.txt': `card number ${TEST_CARD.replaceAll(' ', '')}\n`,
      'real-card.txt': `Card 5555 5555 5555 4444 and the test one ${TEST_CARD}\n`,
      'iban.txt': 'Refunds to IBAN DE89 3704 0044 0532 0130 00.\n',
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(watchDir, name), data);
    const paths = Object.keys(files).map((n) => join(watchDir, n));

    const { agent, assets } = await deliverAll(settings(), server.api, key, paths.length);
    // The running agent's own classification (its worker pool) applied the allow-list too.
    const local = agent.logs.filter((l) => l.msg === 'classified locally');
    expect(local).toHaveLength(paths.length);
    for (const l of local) expect({ path: l.path, label: l.label }).toEqual({ path: l.path, label: assets.get(nameOf(l.path as string))!.label.name });
    expect(agent.logs.filter((l) => String(l.msg).includes('classified differently'))).toEqual([]);
    const label = (n: string) => assets.get(nameOf(join(watchDir, n)))!.label.name;
    expect(label('allowed-spaces.txt')).toBe('Public');
    expect(label('allowed-dashes.txt')).toBe('Public');
    expect(label('allowed-run.txt')).toBe('Public');
    expect(label('real-card.txt')).toBe('Confidential');
    expect(assets.get(nameOf(join(watchDir, 'real-card.txt')))!.findings[0]!.count).toBe(1);
    expect(label('iban.txt')).toBe('Confidential');

    const results = await offline(paths, stateDir);
    expect(results).toHaveLength(paths.length);
    for (const o of results) {
      const served = assets.get(o.name)!;
      expect({ path: o.path, label: o.label.name, matched_rules: o.matched_rules }).toEqual({ path: o.path, label: served.label.name, matched_rules: served.matched_rules });
    }
    // The cached policy has the hashes, never the value in any written form.
    const cached = readFileSync(join(stateDir, 'policy.json'), 'utf8');
    expect(JSON.parse(cached).allowlist.hashes.length).toBeGreaterThan(0);
    for (const form of [TEST_CARD, TEST_CARD.replaceAll(' ', ''), TEST_CARD.replaceAll(' ', '-')]) expect(cached).not.toContain(form);

    // Undone on the server: after a refresh the agent's offline answer follows.
    expect((await call(`${server.api}/admin/allowlist/${(added.body as { id: number }).id}`, { key: admin, method: 'DELETE' })).status).toBe(204);
    const again = await startTestAgent(settings());
    try {
      await waitFor(async () => ((JSON.parse(readFileSync(join(stateDir, 'policy.json'), 'utf8')).allowlist?.hashes ?? [1]).length === 0 ? true : undefined), 'allow-list refreshed');
    } finally {
      await again.close();
    }
    const after = await offline([join(watchDir, 'allowed-spaces.txt')], stateDir);
    expect(after[0]!.label.name).toBe('Confidential');
  });

  it('a dismissal on an agent asset holds when the agent delivers the changed file', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    const admin = await server.adminKey('acme');
    const file = join(watchDir, 'fixture.txt');
    writeFileSync(file, `Card ${TEST_CARD}\n`);
    const agent = await startTestAgent(settings());
    try {
      const first = await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(file)), 'delivered');
      expect(first.label.name).toBe('Confidential');
      const dismissed = await call(`${server.api}/admin/assets/${first.id}/dismissals`, {
        key: admin,
        json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data', note: 'fixture' },
      });
      expect(dismissed.status).toBe(201);
      writeFileSync(file, `Card ${TEST_CARD}\nCard 5555 5555 5555 4444\n`);
      const detail = await waitFor(async () => {
        const d = (await call(`${server.api}/assets/${first.id}`, { key })).body as Asset & { history: unknown[] };
        return d.history.length >= 3 ? d : undefined; // classified, dismissed, classified again
      }, 'the changed file delivered');
      expect(detail.label.name).toBe('Public');
      expect(detail.findings).toEqual([]);
      // The running agent pulls the dismissal (when the server's answer differs, or on its refresh
      // schedule) and classifies that file again to the server's label.
      await waitFor(async () => agent.logs.find((l) => l.msg === 'classified locally' && l.path === file && l.label === 'Public'), 'the local label follows');
      expect(agent.logs.find((l) => l.msg === 'triage updated')).toMatchObject({ assets: 1 });
    } finally {
      await agent.close();
    }
  });

  it('dismiss, pin, unpin, undo: the agent and assay classify offline keep the label the server keeps at each step', async () => {
    const { server, key, watchDir, stateDir, settings } = await setUpAgentTest(cleanup);
    const admin = await server.adminKey('acme');
    const file = join(watchDir, 'triaged.txt');
    const other = join(watchDir, 'untouched.txt');
    writeFileSync(file, `Card ${TEST_CARD}\n`);
    writeFileSync(other, `Card ${TEST_CARD}\n`);
    const { assets } = await deliverAll(settings(), server.api, key, 2);
    const id = assets.get(nameOf(file))!.id;
    expect(assets.get(nameOf(file))!.label.name).toBe('Confidential');
    const adminCall = (path: string, opts: { method?: string; json?: unknown } = {}) => call(`${server.api}/admin/assets/${id}${path}`, { key: admin, ...opts });

    /** After a change on the server, a restarted agent pulls it, classifies that file again (only it), and agrees with the server; so does the offline CLI. */
    async function agree(expected: string, pinned: boolean) {
      const agent = await startTestAgent(settings());
      let delivered: Record<string, unknown>;
      try {
        delivered = await waitFor(async () => agent.logs.find((l) => l.msg === 'delivered' && l.path === file), 'the file classified again and delivered');
      } finally {
        await agent.close();
      }
      const local = agent.logs.filter((l) => l.msg === 'classified locally');
      expect(local.length).toBeGreaterThan(0);
      for (const l of local) expect({ path: l.path, label: l.label, pinned: l.pinned ?? false }).toEqual({ path: file, label: expected, pinned });
      expect(delivered.label).toBe(expected);
      expect(agent.logs.filter((l) => String(l.msg).includes('classified differently'))).toEqual([]);
      const stored = (await call(`${server.api}/assets/${id}`, { key })).body as Asset;
      expect(stored.label.name).toBe(expected);
      const results = await offline([file, other], stateDir);
      expect(results.map((r) => ({ label: r.label.name, matched_rules: r.matched_rules, pinned: r.pinned ?? false }))).toEqual([
        { label: expected, matched_rules: stored.matched_rules, pinned },
        { label: 'Confidential', matched_rules: 'Financial data', pinned: false },
      ]);
    }

    const dismissed = await adminCall('/dismissals', { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data', note: 'QA card' } });
    expect(dismissed.status).toBe(201);
    await agree('Public', false);
    const cached = JSON.parse(readFileSync(join(stateDir, 'policy.json'), 'utf8')) as { triage: { dismissals: unknown[] } };
    expect(cached.triage.dismissals).toEqual([{ name: nameOf(file), rule: 'Financial data', detector: 'payment-card' }]);

    expect((await adminCall('/pin', { method: 'PUT', json: { label: 'Restricted', reason: 'holds customer data' } })).status).toBe(200);
    await agree('Restricted', true);

    expect((await adminCall('/pin', { method: 'DELETE' })).status).toBe(204);
    await agree('Public', false);

    expect((await adminCall(`/dismissals/${(dismissed.body as { id: number }).id}`, { method: 'DELETE' })).status).toBe(204);
    await agree('Confidential', false);
  }, 180_000); // four agent runs and four offline runs
});
