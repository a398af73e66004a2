// A bounded classification queue: past server.classification.max_queued waiting jobs, a classify or
// preview request is answered 503 server_busy with Retry-After, nothing stored, counted in /metrics
// and logged once per burst; a real agent whose rounds meet it still delivers every file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { plainBodyLimits } from '../server/http/classify-request-validator.ts';
import { createClassificationPool, type PoolPolicy } from '../shared/classify-pool/classification-pool.ts';
import { QUEUE_FULL_RETRY_AFTER_SECONDS } from '../shared/classify-pool/queue-admission.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { ClassificationQueueFullError } from '../shared/errors.ts';
import { agentAssets, cleanupAfterEach, nameOf, startTestAgent, testSettings, waitFor } from './helpers/agent-harness.ts';
import { logSink } from './helpers/log-sink.ts';
import { parsePrometheusText } from './helpers/prometheus-text.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();
const BUSY_BODY = { detail: `The server is busy classifying other requests; nothing was stored; retry after ${QUEUE_FULL_RETRY_AFTER_SECONDS} s`, code: 'server_busy' };

/** Text past the inline limit (8 KiB), so its classification waits for a worker. */
const bigText = (i: number, kib: number) => `Document ${i}. Strictly confidential. ${'Quarterly figures and plain words. '.repeat(Math.ceil((kib * 1024) / 35))}`;

async function queueFullCount(server: TestServer, admin: string): Promise<number> {
  const res = await call(`${server.url}/metrics`, { key: admin });
  expect(res.status).toBe(200);
  return parsePrometheusText(res.text).sum('assay_classification_queue_full_total');
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
  });
});

describe('a server whose classification queue is full', () => {
  it('answers 503 server_busy with Retry-After and stores nothing for it; counts it; a preview under the limit still works', async () => {
    const server = cleanup.track(await startTestServer({ server: { classification: { workers: 1, max_queued: 1 } } }));
    const key = await server.workspaceWithKey('acme');
    const admin = await server.adminKey('acme');
    const answers: { status: number; headers: Headers; body: unknown; name: string }[] = [];
    // Bursts of requests larger than the inline limit until the queue has overflowed: a worker
    // classifying one while the others arrive (each burst is one more chance, not a timing claim).
    for (let burst = 0; burst < 20 && !answers.some((a) => a.status === 503); burst++) {
      const names = Array.from({ length: 12 }, (_, i) => `burst-${burst}-${i}.txt`);
      const results = await Promise.all(names.map((name, i) => call(`${server.api}/classify`, { key, json: { name, content: bigText(i, 256) } })));
      answers.push(...results.map((r, i) => ({ ...r, name: names[i]! })));
    }
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    for (const a of busy) {
      expect(a.body).toEqual(BUSY_BODY);
      expect(a.headers.get('retry-after')).toBe(String(QUEUE_FULL_RETRY_AFTER_SECONDS));
      expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    // Nothing stored for a 503; everything stored for a 201.
    const stored = await call(`${server.api}/assets?limit=500`, { key });
    const storedNames = new Set((stored.body as { name: string }[]).map((a) => a.name));
    expect([...storedNames].sort()).toEqual(answers.filter((a) => a.status === 201).map((a) => a.name).sort());
    expect(await queueFullCount(server, admin)).toBe(busy.length);
    // One warning per burst of refusals, never one per request (each drain ends a burst).
    const warnings = server.logs.filter((l) => l.event === 'classification_queue_full');
    const drained = server.logs.filter((l) => l.event === 'classification_queue_drained');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(drained.length + 1);
    expect(drained.reduce((n, l) => n + (l.refused as number), 0)).toBe(busy.length);
    expect(warnings.every((l) => l.level === 40 && l.max_queued === 1)).toBe(true);
    // The burst is over: a preview (large, so through the queue) and a classify are answered.
    const preview = await call(`${server.api}/classify/preview`, { key, json: { name: 'after.txt', content: bigText(0, 64) } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ name: 'after.txt', label: { name: expect.any(String) } });
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
