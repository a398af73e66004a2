// A bounded classification queue: past server.classification.max_queued waiting jobs, a client's
// classify, file or preview request is answered 503 server_busy with Retry-After, nothing stored,
// counted in /metrics and logged once per burst (an upload before its extraction); the server's own
// callers (a console CSV import) wait for a place instead and lose nothing; a real agent whose
// rounds meet it still delivers every file. The queue is filled on purpose: requests held in the
// one worker by a rule that cannot finish on their content.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { apiTimestamp } from '../lib/clock.ts';
import { plainBodyLimits } from '../server/http/classify-request-validator.ts';
import { createClassificationPool, type PoolPolicy } from '../shared/classify-pool/classification-pool.ts';
import { QUEUE_FULL_RETRY_AFTER_SECONDS } from '../shared/classify-pool/queue-admission.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS, type RuleDefinition } from '../shared/engine/rule-definition.ts';
import { ClassificationQueueFullError } from '../shared/errors.ts';
import { agentAssets, cleanupAfterEach, nameOf, startTestAgent, testSettings, waitFor } from './helpers/agent-harness.ts';
import { logSink } from './helpers/log-sink.ts';
import { parsePrometheusText } from './helpers/prometheus-text.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();
/** The 503 answer as docs/api.md prints it. */
const BUSY_BODY = { detail: 'The server is busy classifying other requests; nothing was stored; retry after 1 s', code: 'server_busy' };
/** Takes V8's backtracking engine far longer than any budget on HELD_CONTENT (as in agent-classification-budget.test.ts). */
const REDOS = '^(?:(?:ab|abc)(?:cd|d)e){1,60}$';
const HELD_CONTENT = `${'abcde'.repeat(40)}!`;
/** How long a held request holds its worker or its place: the test's refused requests take milliseconds. */
const HELD_BUDGET_MS = 10_000;

/** Text past the inline limit (8 KiB), so its classification waits for a worker. */
const bigText = (i: number, kib: number) => `Document ${i}. Strictly confidential. ${'Quarterly figures and plain words. '.repeat(Math.ceil((kib * 1024) / 35))}`;

async function metric(server: TestServer, admin: string, name: string): Promise<number> {
  const res = await call(`${server.url}/metrics`, { key: admin });
  expect(res.status).toBe(200);
  return parsePrometheusText(res.text).sum(name);
}

const queueFullCount = (server: TestServer, admin: string) => metric(server, admin, 'assay_classification_queue_full_total');

/**
 * A server with one worker and max_queued 1, filled on purpose by clients: two requests to a
 * workspace whose rule cannot finish on their content, one held in the worker for its whole budget
 * and one waiting in the queue. `held` are their answers (each stopped at its budget, 422).
 */
async function serverWithFullQueue() {
  const server = cleanup.track(await startTestServer({ server: { classification: { workers: 1, max_queued: 1, min_budget_ms: HELD_BUDGET_MS } } }));
  const key = await server.workspaceWithKey('acme');
  const admin = await server.adminKey('acme');
  const slowKey = await server.workspaceWithKey('slow');
  const slow = (await server.workspaces.require('slow'))!;
  const first = (await server.repo.getPolicy(slow.id)).rules[0]!;
  const slowRule: RuleDefinition = { ...first, name: 'Slow rule', priority: 0, conditions: { ...first.conditions, patterns: [{ regex: REDOS, flags: '' }], keywords: [] } };
  await server.repo.updatePolicy(slow.id, (p) => ({ ...p, rules: [slowRule, ...p.rules] }), apiTimestamp(new Date()));
  // The worker is ready and idle once this is answered: the first held request goes straight to it.
  expect((await call(`${server.api}/classify`, { key, json: { name: 'warm-up.txt', content: bigText(0, 16) } })).status).toBe(201);
  const held = [0, 1].map((i) =>
    call(`${server.api}/classify`, { key: slowKey, json: { name: `held-${i}.txt`, content: HELD_CONTENT } }).then((r) => {
      expect([r.status, (r.body as { code: string }).code]).toEqual([422, 'classification_budget_exceeded']);
    }),
  );
  await waitFor(async () => ((await metric(server, admin, 'assay_classification_queued')) === 1 ? true : undefined), 'the queue full');
  return { server, key, admin, held };
}

describe('the classification pool with max_queued', () => {
  it('refuses exactly the jobs past the limit, counts each and logs one warning for the burst, one line when drained', async () => {
    const sink = logSink();
    let counted = 0;
    const pool = cleanup.track(
      createClassificationPool({ workers: 1, budgetMsPerMb: 10_000, minBudgetMs: 5_000, maxQueued: 2, onQueueFull: () => counted++, logger: pino({ level: 'info' }, sink.stream) }),
    );
    // No `inline`: every job goes through the queue.
    const policy: PoolPolicy = { key: 'catalogue', definitions: { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS }, ruleNames: [] };
    const asset = (i: number) => ({ name: `a${i}.txt`, asset_type: null, content: `card 4111 1111 1111 1111, number ${i}` });
    await pool.classify(policy, asset(0)); // the worker is ready and idle
    // In one tick: the first goes to the worker, two wait, the rest are refused.
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => pool.classify(policy, asset(i))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const s of settled.slice(3)) {
      const err = (s as PromiseRejectedResult).reason as ClassificationQueueFullError;
      expect(err).toBeInstanceOf(ClassificationQueueFullError);
      expect(err).toMatchObject({ status: 503, code: 'server_busy', retryAfterSeconds: QUEUE_FULL_RETRY_AFTER_SECONDS });
    }
    expect(counted).toBe(2);
    const lines = sink.logs.filter((l) => String(l.event).startsWith('classification_queue_'));
    expect(lines.map((l) => [l.level, l.event, l.max_queued ?? l.refused])).toEqual([
      [40, 'classification_queue_full', 2],
      [30, 'classification_queue_drained', 2],
    ]);
    // Drained: admitted again, and a new burst warns again.
    await expect(pool.classify(policy, asset(6))).resolves.toMatchObject({ label: { name: 'Confidential' } });
    const again = await Promise.allSettled([7, 8, 9, 10].map((i) => pool.classify(policy, asset(i))));
    expect(again.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(sink.logs.filter((l) => l.event === 'classification_queue_full')).toHaveLength(2);
    // A preview's JSON body (classifyBody) waits in the same queue and is refused alike.
    const body = (i: number) => ({ bytes: Buffer.from(JSON.stringify({ name: `b${i}.txt`, content: `card 4111 1111 1111 1111, body ${i}` })), limits: plainBodyLimits(1024 * 1024) });
    const bodies = await Promise.allSettled([1, 2, 3, 4].map((i) => pool.classifyBody(policy, body(i))));
    expect(bodies.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect((bodies[3] as PromiseRejectedResult).reason).toBeInstanceOf(ClassificationQueueFullError);
    expect(counted).toBe(4);
    // A `wait` job (the server's own callers) past the limit waits for a place instead: none refused,
    // the queue still holds at most max_queued, the rest wait outside it.
    const waited = [11, 12, 13, 14, 15].map((i) => pool.classify(policy, asset(i), 'wait'));
    expect(pool.depth()).toEqual({ queued: 2, waiting: 2 });
    expect((await Promise.all(waited)).map((r) => r.label.name)).toEqual(Array(5).fill('Confidential'));
    expect(pool.depth()).toEqual({ queued: 0, waiting: 0 });
    expect(counted).toBe(4);
  });
});

describe('a server whose classification queue is full', () => {
  it('answers a client 503 server_busy with Retry-After as api.md prints it, stores nothing for it, refuses an upload before extracting it', async () => {
    const { server, key, admin, held } = await serverWithFullQueue();
    // The answer exactly as docs/api.md prints it (a change to either fails here).
    const apiDoc = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
    expect(apiDoc).toContain(`Retry-After: 1\nContent-Type: application/json; charset=utf-8\n\n${JSON.stringify(BUSY_BODY)}`);
    const refused = [
      await call(`${server.api}/classify`, { key, json: { name: 'refused.txt', content: bigText(1, 16) } }),
      await call(`${server.api}/classify/preview`, { key, json: { name: 'refused-preview.txt', content: bigText(2, 16) } }),
      await call(`${server.api}/classify/preview`, { key, json: { name: 'refused-big-preview.txt', content: bigText(3, 256) } }),
    ];
    // An upload is refused before extraction: an unreadable one, stored as unreadable without a
    // classification, would otherwise be answered 201.
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(Buffer.from('not a zip at all'))]), 'refused-upload.docx');
    const upload = await fetch(`${server.api}/classify/file`, { method: 'POST', headers: { 'X-API-Key': key }, body: form });
    refused.push({ status: upload.status, headers: upload.headers, body: await upload.json(), text: '' });
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual(BUSY_BODY);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(await queueFullCount(server, admin)).toBe(refused.length);
    expect(server.logs.filter((l) => l.event === 'classification_queue_full').map((l) => [l.level, l.max_queued])).toEqual([[40, 1]]);
    // The held requests end at their budget; then the queue drains, the burst's one line counts its
    // refusals, and nothing refused was stored.
    await Promise.all(held);
    await waitFor(async () => server.logs.find((l) => l.event === 'classification_queue_drained'), 'the queue drained');
    expect(server.logs.filter((l) => l.event === 'classification_queue_drained').map((l) => l.refused)).toEqual([refused.length]);
    const stored = (await call(`${server.api}/assets?limit=500`, { key })).body as { name: string }[];
    expect(stored.map((a) => a.name)).toEqual(['warm-up.txt']);
    // Drained: a preview (large, so through the queue) is answered.
    const preview = await call(`${server.api}/classify/preview`, { key, json: { name: 'after.txt', content: bigText(0, 64) } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ name: 'after.txt', label: { name: expect.any(String) } });
  }, 120_000);

  it("stores every row of a console CSV import that meets a full queue: the rows wait, clients' requests are refused meanwhile", async () => {
    const { server, key, admin, held } = await serverWithFullQueue();
    const rows = Array.from({ length: 30 }, (_, i) => `row-${i}.txt,document,"${bigText(i, 16)}"`);
    const imported = fetch(`${server.api}/admin/csv-imports`, { method: 'POST', headers: { 'X-API-Key': admin, 'Content-Type': 'text/csv' }, body: `name,asset_type,content\n${rows.join('\n')}\n` });
    // The first row waits for a place in the full queue…
    await waitFor(async () => ((await metric(server, admin, 'assay_classification_waiting_for_queue')) === 1 ? true : undefined), 'a CSV row waiting for the queue');
    // …ahead of a client, which is refused.
    const client = await call(`${server.api}/classify`, { key, json: { name: 'refused.txt', content: bigText(1, 16) } });
    expect(client.status).toBe(503);
    const res = await imported;
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ type: 'result', done: 30, failed: [] });
    await Promise.all(held);
    const stored = (await call(`${server.api}/assets?source=csv&limit=500`, { key })).body as { name: string }[];
    expect(stored.map((a) => a.name).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `row-${i}.txt`).sort());
    expect(await queueFullCount(server, admin)).toBe(1);
    expect(await metric(server, admin, 'assay_classification_waiting_for_queue')).toBe(0);
  }, 120_000);

  it('makes a real agent back off and retry: every file reaches the inventory, none lost, the 503s counted', async () => {
    const server = cleanup.track(await startTestServer({ server: { classification: { workers: 1, max_queued: 1 } } }));
    const key = await server.workspaceWithKey('acme');
    const admin = await server.adminKey('acme');
    const watchDir = cleanup.dir('watch');
    const stateDir = cleanup.dir('state');
    const files = Array.from({ length: 48 }, (_, i) => join(watchDir, `file-${String(i).padStart(2, '0')}.txt`));
    for (const [i, path] of files.entries()) writeFileSync(path, bigText(i, 256));
    const agent = cleanup.track(
      await startTestAgent(testSettings({ serverUrl: server.url, key, roots: [watchDir], stateDir, agent: { delivery: { requests_in_flight: 16, request_timeout_ms: 60_000 } } })),
    );
    const assets = await waitFor(
      async () => {
        const a = await agentAssets(server.api, key);
        return a.size === files.length ? a : undefined;
      },
      'every file delivered',
      240_000,
    );
    expect([...assets.keys()].sort()).toEqual(files.map(nameOf).sort());
    const refused = await queueFullCount(server, admin);
    expect(refused).toBeGreaterThan(0);
    // The agent saw each refusal as a retry (kept in its outbox), honouring Retry-After.
    const retries = agent.logs.filter((l) => l.msg === 'delivery failed; kept in the outbox, will retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((l) => /503/.test(String(l.reason)) && (l.retry_in_ms as number) >= QUEUE_FULL_RETRY_AFTER_SECONDS * 1000)).toBe(true);
    await waitFor(async () => (await agent.agent.status()).outbox.depth === 0, 'outbox drained');
  }, 300_000);
});
