// The delivery loop's lifecycle and backoff: close() aborts an attempt in flight, records it,
// and leaves no timer behind (timers injected and counted); retry delays grow, are capped and
// jittered between half and all of the step.
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { apiTimestamp, systemClock } from '../lib/clock.ts';
import { configSchema } from '../shared/config/config-schema.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { retryDelayMs } from '../server/webhooks/backoff.ts';
import { createWebhookDispatcher } from '../server/webhooks/dispatcher.ts';
import type { Timers } from '../server/webhooks/send.ts';
import { logSink } from './helpers/log-sink.ts';
import { openTestStorage, type TestStorage } from './helpers/storage-backends.ts';
import { type Receiver, startReceiver } from './helpers/webhook-receiver.ts';
import { waitFor } from './helpers/wait-for.ts';

/** Real timers, counted: which are still pending. */
function countedTimers(): Timers & { pending: Set<unknown> } {
  const pending = new Set<unknown>();
  return {
    pending,
    setTimeout(fn, ms) {
      const handle: NodeJS.Timeout = setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clearTimeout(handle as NodeJS.Timeout);
    },
  };
}

let storage: TestStorage | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  await storage?.close();
});

describe('the delivery loop', () => {
  it('close() aborts the attempt in flight, records it, and leaves no timer', async () => {
    storage = await openTestStorage('sqlite', systemClock);
    const repo = storage.repo;
    receiver = await startReceiver(() => 'hang');
    const ws = await repo.createWorkspace({ name: 'w', max_assets: null, policy: { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS }, created_at: '2026-06-12T08:30:00' });
    const hook = await repo.insertWebhook({ workspace_id: ws.id, url: receiver.url, events: ['asset.classified'], min_level: null, enabled: true, secret: 's', created_at: '2026-06-12T08:30:00' });
    const timers = countedTimers();
    const { stream, logs } = logSink();
    const config = configSchema.parse({ server: { webhooks: { allow_private: true, poll_interval_ms: 20, timeout_ms: 60_000 } } }).server.webhooks;
    const dispatcher = createWebhookDispatcher({ store: repo, clock: systemClock, logger: pino(stream), config, version: 'test', timers });
    dispatcher.start();
    await repo.saveClassification(ws.id, { source: 'api', name: 'a.txt', asset_type: null, label: DEFAULT_LABELS[0]!, matched_rules: [], findings: [], classified_at: apiTimestamp(systemClock.now()) });
    await waitFor(() => receiver!.requests.length === 1, 'the attempt in flight');
    expect(timers.pending.size).toBeGreaterThan(0); // the poll timer and the attempt's timeout
    await dispatcher.close();
    expect(timers.pending.size).toBe(0);
    await dispatcher.close(); // idempotent
    const [d] = await repo.listDeliveries(ws.id, hook.id, 1);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: 'aborted: the server stopped during the attempt' });
    expect(logs.some((l) => l.msg === 'webhook delivery failed; will retry' && l.delivery_id === d!.id)).toBe(true);
    // Nothing is logged that could carry a secret: not the URL, not the signing secret.
    expect(JSON.stringify(logs)).not.toContain(receiver.url);
    expect(JSON.stringify(logs)).not.toContain('"s"');
  });

  it('backs off exponentially, capped, with jitter between half and all of the step', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(500, 1000, 60_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
  });
});
