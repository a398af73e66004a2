// The webhook store and outbox contract, on SQLite and PostgreSQL alike: deliveries are written
// with the classification that causes them (and not when it is refused), escalation is judged
// against the label before, removals once; the claim leases only the oldest pending delivery of
// each enabled webhook, a lease keeps others off until it expires, and a lost lease records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedDelivery, NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { AssetQuotaError } from '../shared/errors.ts';
import { BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const [PUBLIC, INTERNAL, CONFIDENTIAL] = [DEFAULT_LABELS[0]!, DEFAULT_LABELS[1]!, DEFAULT_LABELS[2]!];
const AT = '2026-06-12T08:30:00';
const LATER = Date.parse('2026-06-13T00:00:00Z');
const c = (name: string, label = PUBLIC): NewClassification => ({ source: 'api', name, asset_type: null, label, matched_rules: [], findings: [], classified_at: AT });

const opened: TestStorage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

describe.each(BACKENDS)('webhook store (%s)', (backend) => {
  let repo: Repository;
  const test = it.skipIf(unavailable(backend));
  beforeAll(async () => {
    if (unavailable(backend)) return;
    const storage = await openTestStorage(backend, manualClock());
    opened.push(storage);
    repo = storage.repo;
  });

  const hook = (workspace_id: number, events: NewHookEvents, extra: { min_level?: number | null; enabled?: boolean } = {}) =>
    repo.insertWebhook({ workspace_id, url: 'http://127.0.0.1:9/x', events, min_level: extra.min_level ?? null, enabled: extra.enabled ?? true, secret: 'whsec_test', created_at: AT });
  type NewHookEvents = Parameters<Repository['insertWebhook']>[0]['events'];
  const types = async (ws: number, id: number) => (await repo.listDeliveries(ws, id, 100)).reverse().map((d) => `${d.event_type}:${d.asset_id}`);

  test('the outbox follows classifications: classified always, escalated when the level rose, nothing without webhooks', async () => {
    const quiet = await repo.createWorkspace({ name: 'quiet', max_assets: null, policy, created_at: AT });
    await repo.saveClassification(quiet.id, c('q.txt'));
    const ws = await repo.createWorkspace({ name: 'hooked', max_assets: null, policy, created_at: AT });
    const all = await hook(ws.id, ['asset.classified', 'asset.escalated']);
    const high = await hook(ws.id, ['asset.classified'], { min_level: 2 });
    const off = await hook(ws.id, ['asset.classified'], { enabled: false });
    const { asset } = await repo.saveClassification(ws.id, c('a.txt', INTERNAL));
    await repo.saveClassification(ws.id, c('a.txt', CONFIDENTIAL)); // rose
    await repo.saveClassification(ws.id, c('a.txt', PUBLIC)); // fell
    // Twice in one batch: the second is judged against the first.
    await Promise.all([repo.saveClassification(ws.id, c('b.txt', PUBLIC)), repo.saveClassification(ws.id, c('b.txt', INTERNAL))]);
    const b = (await repo.listAssets(ws.id, { status: 'active', limit: 10 })).find((x) => x.name === 'b.txt')!;
    expect(await types(ws.id, all.id)).toEqual([
      `asset.classified:${asset.id}`,
      `asset.classified:${asset.id}`,
      `asset.escalated:${asset.id}`,
      `asset.classified:${asset.id}`,
      `asset.classified:${b.id}`,
      `asset.classified:${b.id}`,
      `asset.escalated:${b.id}`,
    ]);
    expect(await types(ws.id, high.id)).toEqual([`asset.classified:${asset.id}`]);
    expect(await types(ws.id, off.id)).toEqual([]);
    // Another workspace sees none of them.
    expect(await repo.listDeliveries(quiet.id, all.id, 100)).toEqual([]);
    expect(await repo.getWebhook(quiet.id, all.id)).toBeUndefined();
  });

  test('a classification refused by the quota writes no delivery; a removal writes one, once', async () => {
    const ws = await repo.createWorkspace({ name: 'small', max_assets: 1, policy, created_at: AT });
    const h = await hook(ws.id, ['asset.classified', 'asset.removed']);
    const { asset } = await repo.saveClassification(ws.id, c('one.txt'));
    await expect(repo.saveClassification(ws.id, c('two.txt'))).rejects.toBeInstanceOf(AssetQuotaError);
    await repo.markAssetRemoved(ws.id, 'api', 'one.txt', '2026-06-12T09:00:00');
    await repo.markAssetRemoved(ws.id, 'api', 'one.txt', '2026-06-12T09:30:00');
    expect(await types(ws.id, h.id)).toEqual([`asset.classified:${asset.id}`, `asset.removed:${asset.id}`]);
    const removed = (await repo.listDeliveries(ws.id, h.id, 1))[0]!;
    expect(removed.created_at).toBe('2026-06-12T09:00:00');
  });

  test('pruning deletes finished deliveries older than the cutoff, with their attempts, and keeps pending ones', async () => {
    const ws = await repo.createWorkspace({ name: 'prune', max_assets: null, policy, created_at: AT });
    const h = await hook(ws.id, ['asset.classified']);
    await repo.saveClassification(ws.id, c('p1'));
    await repo.saveClassification(ws.id, c('p2'));
    const [oldest, newer] = (await repo.listDeliveries(ws.id, h.id, 10)).reverse();
    await repo.retryDelivery(ws.id, h.id, oldest!.id, 0); // due at once, first in line
    const claim = (await repo.claimDeliveries(LATER, 60_000, 100, 'p')).find((d) => d.id === oldest!.id)!;
    await repo.recordAttempt(claim, { at: AT, status_code: 204, error: null, duration_ms: 1 }, { state: 'delivered' });
    expect(await repo.pruneDeliveries('2026-06-12T08:29:59', 100)).toBe(0); // not older than the cutoff
    const deleted = await repo.pruneDeliveries('2026-06-12T08:30:01', 100);
    expect(deleted).toBeGreaterThanOrEqual(1); // earlier tests' finished deliveries may go too
    expect((await repo.listDeliveries(ws.id, h.id, 10)).map((d) => d.id)).toEqual([newer!.id]);
    expect(await repo.pruneDeliveries('2026-06-12T08:30:01', 100)).toBe(0);
  });

  test('claims lease the oldest pending delivery of each enabled webhook, once, until the lease ends', async () => {
    const ws = await repo.createWorkspace({ name: 'claims', max_assets: null, policy, created_at: AT });
    const h1 = await hook(ws.id, ['asset.classified']);
    const h2 = await hook(ws.id, ['asset.classified']);
    for (const name of ['1', '2', '3']) await repo.saveClassification(ws.id, c(name));
    // Deliveries of earlier tests are pending too: take them out of the way by disabling their webhooks.
    for (const w of await repo.listWorkspaces()) for (const x of await repo.listWebhooks(w.id)) if (w.id !== ws.id) await repo.updateWebhook(w.id, x.id, { enabled: false, updated_at: AT });
    const other = await repo.createWorkspace({ name: 'claims-other', max_assets: null, policy, created_at: AT });
    const d1 = (await repo.listDeliveries(ws.id, h1.id, 10)).reverse();
    const d2 = (await repo.listDeliveries(ws.id, h2.id, 10)).reverse();
    const first = await repo.claimDeliveries(LATER, 60_000, 10, 'node-a');
    expect(first.map((d) => d.id)).toEqual([d1[0]!.id, d2[0]!.id]);
    expect(first[0]).toMatchObject({ url: 'http://127.0.0.1:9/x', secret: 'whsec_test', attempts: 0, lease_owner: 'node-a' });
    expect(JSON.parse(first[0]!.payload)).toMatchObject({ type: 'asset.classified', workspace: 'claims', asset: { name: '1' } });
    // Leased: nobody else gets them, nor the deliveries queued behind them.
    expect(await repo.claimDeliveries(LATER + 1000, 60_000, 10, 'node-b')).toEqual([]);
    // A retry later: the delivery stays first in line and is claimable when due.
    const c1 = first[0]!;
    expect(await repo.recordAttempt(c1, { at: AT, status_code: 500, error: 'HTTP 500', duration_ms: 12 }, { state: 'retry', retry_at: LATER + 5000 })).toBe(true);
    expect(await repo.claimDeliveries(LATER + 1000, 60_000, 10, 'node-b')).toEqual([]);
    const again = await repo.claimDeliveries(LATER + 5000, 60_000, 10, 'node-b');
    expect(again.map((d) => [d.id, d.attempts])).toEqual([[c1.id, 1]]);
    // Delivered: the next one of that webhook comes up.
    expect(await repo.recordAttempt(again[0]!, { at: AT, status_code: 200, error: null, duration_ms: 3 }, { state: 'delivered' })).toBe(true);
    // node-a's lease on h2's head expired: node-b takes it over, and node-a's late result is dropped.
    const taken = await repo.claimDeliveries(LATER + 61_000, 60_000, 10, 'node-b');
    expect(taken.map((d) => d.id)).toEqual([d1[1]!.id, d2[0]!.id].sort((x, y) => x - y)); // oldest first
    expect(await repo.recordAttempt(first[1]!, { at: AT, status_code: 200, error: null, duration_ms: 1 }, { state: 'delivered' })).toBe(false);
    // 410: failed and the webhook disabled; its queue is no longer claimed.
    const gone = taken.find((d) => d.webhook_id === h2.id)!;
    expect(await repo.recordAttempt(gone, { at: AT, status_code: 410, error: 'HTTP 410', duration_ms: 1 }, { state: 'failed', disable: 'the receiver answered 410 Gone' })).toBe(true);
    expect(await repo.getWebhook(ws.id, h2.id)).toMatchObject({ enabled: false, disabled_reason: 'the receiver answered 410 Gone' });
    expect((await repo.claimDeliveries(LATER + 200_000, 60_000, 10, 'node-b')).map((d) => d.webhook_id)).toEqual([h1.id]);
    const log = (await repo.listDeliveries(ws.id, h1.id, 10)).at(-1)!;
    expect(log).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200, last_error: null });
    expect(log.attempt_log.map((a) => [a.status_code, a.error, a.duration_ms])).toEqual([
      [500, 'HTTP 500', 12],
      [200, null, 3],
    ]);
    // A retry by hand makes a delivered one pending and due again, first in line.
    const retried = await repo.retryDelivery(ws.id, h1.id, log.id, LATER + 300_000);
    expect(retried).toMatchObject({ status: 'pending', delivered_at: null, next_attempt_at: LATER + 300_000 });
    expect(await repo.retryDelivery(other.id, h1.id, log.id, LATER)).toBeUndefined();
    const removedHook = await repo.deleteWebhook(ws.id, h2.id);
    expect(removedHook).toBe(true);
    expect(await repo.listDeliveries(ws.id, h2.id, 10)).toEqual([]);
    expect(await repo.deleteWebhook(ws.id, h2.id)).toBe(false);
    const leased: ClaimedDelivery[] = await repo.claimDeliveries(LATER + 400_000, 60_000, 10, 'node-c');
    expect(leased.map((d) => d.id)).toEqual([log.id]);
  });
});
