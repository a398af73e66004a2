// Group commit at the repository level: classifications issued together land in shared
// transactions, and the result is exactly what writing them one by one in arrival order gives —
// duplicates in one batch, revived removed assets, and quota and unlimited workspaces mixed; and a
// batch whose statement fails leaves nothing written.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { AssetQuotaError } from '../shared/errors.ts';
import { type Backend, BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const [PUBLIC, INTERNAL, CONFIDENTIAL] = [DEFAULT_LABELS[0]!, DEFAULT_LABELS[1]!, DEFAULT_LABELS[2]!];
const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const POISON = { name: 'Poison', level: 3, color: '#000000' };
const AT = '2026-11-30T14:00:00';

/** Where a batch's statement fails after others succeeded, and the trigger that makes it fail. */
type Poisoned = 'history' | 'delivery';

/**
 * history: a history row with the label Poison makes its INSERT fail (after the upsert).
 * delivery: a webhook delivery about poisoned.txt makes the outbox INSERT fail, the batch's last
 * statement before COMMIT (after the upsert and the history insert succeeded).
 */
const POISON_TRIGGER: Record<Poisoned, Record<Backend, string>> = {
  history: {
    sqlite: `CREATE TRIGGER poison BEFORE INSERT ON asset_history WHEN NEW.label_name = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned history'); END;`,
    postgres: `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.label_name = 'Poison' THEN RAISE EXCEPTION 'poisoned history'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER poison BEFORE INSERT ON asset_history FOR EACH ROW EXECUTE FUNCTION poison();`,
  },
  delivery: {
    // FAIL, not ABORT: the rows the insert made before poisoned.txt's stay in the transaction, so
    // only its rollback removes them (the delivery count below fails with COMMIT in its place).
    sqlite: `CREATE TRIGGER poison BEFORE INSERT ON webhook_deliveries WHEN NEW.payload LIKE '%"poisoned.txt"%' BEGIN SELECT RAISE(FAIL, 'poisoned delivery'); END;`,
    postgres: `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.payload LIKE '%"poisoned.txt"%' THEN RAISE EXCEPTION 'poisoned delivery'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER poison BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION poison();`,
  },
};

async function addPoisonTrigger(backend: Backend, location: string, poisoned: Poisoned): Promise<void> {
  const sql = POISON_TRIGGER[poisoned][backend];
  if (backend === 'sqlite') {
    const db = await openSqliteDatabase(location);
    await db.exec(sql).finally(() => db.close());
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function classification(name: string, label = PUBLIC, at = '2026-06-12T08:30:00', source: NewClassification['source'] = 'api'): NewClassification {
  return { source, name, asset_type: 'document', label, matched_rules: label === PUBLIC ? [] : ['Rule'], findings: [], classified_at: at };
}

describe.each(BACKENDS)('group commit (%s)', (backend) => {
  let storage: TestStorage;
  let repo: Repository;
  beforeEach(async (ctx) => {
    if (unavailable(backend)) return ctx.skip();
    storage = await openTestStorage(backend, manualClock());
    repo = storage.repo;
  });
  afterEach(() => storage?.close());

  it('writes a burst as the same rows and history as one-by-one writes, duplicates included', async () => {
    const ws = await repo.createWorkspace({ name: 'a', max_assets: null, policy, created_at: '2026-06-12T08:30:00' });
    const burst = [
      classification('x.txt', PUBLIC, '2026-06-12T08:30:01'),
      classification('y.txt', INTERNAL, '2026-06-12T08:30:02'),
      classification('x.txt', CONFIDENTIAL, '2026-06-12T08:30:03'),
      classification('x.txt', INTERNAL, '2026-06-12T08:30:04', 'agent'),
      ...Array.from({ length: 40 }, (_, i) => classification(`bulk/${i}.txt`, i % 2 ? INTERNAL : PUBLIC)),
    ];
    const saved = await Promise.all(burst.map((c) => repo.saveClassification(ws.id, c)));
    expect(saved[0]!.asset.id).toBe(saved[2]!.asset.id);
    expect(saved[3]!.asset.id).not.toBe(saved[0]!.asset.id);
    expect(new Set(saved.map((s) => s.asset.id)).size).toBe(43);
    saved.forEach((s, i) => expect(s.asset).toMatchObject({ name: burst[i]!.name, source: burst[i]!.source, label: burst[i]!.label }));

    const x = await repo.getAsset(ws.id, saved[0]!.asset.id);
    expect(x!.label).toEqual(CONFIDENTIAL);
    expect(x!.history.map((h) => [h.label.name, h.classified_at])).toEqual([
      ['Confidential', '2026-06-12T08:30:03'],
      ['Public', '2026-06-12T08:30:01'],
    ]);
    for (const s of saved.slice(4)) expect((await repo.getAsset(ws.id, s.asset.id))!.history).toHaveLength(1);
    expect((await repo.getWorkspaceByName('a'))!.asset_count).toBe(43);
  });

  it('brings a removed asset back when a burst re-classifies it', async () => {
    const ws = await repo.createWorkspace({ name: 'a', max_assets: null, policy, created_at: '2026-06-12T08:30:00' });
    const first = await repo.saveClassification(ws.id, classification('gone.txt'));
    await repo.markAssetRemoved(ws.id, 'api', 'gone.txt', '2026-06-12T08:31:00');
    const [again] = await Promise.all([repo.saveClassification(ws.id, classification('gone.txt', INTERNAL)), repo.saveClassification(ws.id, classification('other.txt'))]);
    expect(again!.asset.id).toBe(first.asset.id);
    expect((await repo.getAsset(ws.id, first.asset.id))!.removed_at).toBeNull();
  });

  it('applies a quota item by item while an unlimited workspace shares the batch', async () => {
    const limited = await repo.createWorkspace({ name: 'limited', max_assets: 3, policy, created_at: '2026-06-12T08:30:00' });
    const open = await repo.createWorkspace({ name: 'open', max_assets: null, policy, created_at: '2026-06-12T08:30:00' });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => [repo.saveClassification(limited.id, classification(`l/${i}.txt`)), repo.saveClassification(open.id, classification(`o/${i}.txt`))]).flat(),
    );
    const limitedResults = results.filter((_, i) => i % 2 === 0);
    expect(limitedResults.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    for (const r of limitedResults.slice(3)) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AssetQuotaError);
    expect(results.filter((_, i) => i % 2 === 1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await repo.getWorkspaceByName('limited'))!.asset_count).toBe(3);
    expect((await repo.getWorkspaceByName('open'))!.asset_count).toBe(6);
    expect(await repo.listAssets(limited.id, { limit: 100 })).toHaveLength(3);
  });

  it('at the quota, still writes assets that exist (removed ones too) and an asset the same batch created, and refuses the other new ones', async () => {
    const ws = await repo.createWorkspace({ name: 'full', max_assets: 3, policy, created_at: '2026-06-12T08:30:00' });
    await repo.saveClassification(ws.id, classification('kept.txt'));
    await repo.saveClassification(ws.id, classification('gone.txt'));
    await repo.markAssetRemoved(ws.id, 'api', 'gone.txt', '2026-06-12T08:30:05');
    const burst = ['new.txt', 'late.txt', 'kept.txt', 'new.txt', 'gone.txt', 'late.txt'].map((name, i) => classification(name, INTERNAL, `2026-06-12T08:31:0${i}`));
    const results = await Promise.allSettled(burst.map((c) => repo.saveClassification(ws.id, c)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    for (const i of [1, 5]) {
      const reason = (results[i] as PromiseRejectedResult).reason as AssetQuotaError;
      expect(reason).toBeInstanceOf(AssetQuotaError);
      expect([reason.used, reason.limit]).toEqual([3, 3]);
    }
    expect((await repo.getWorkspaceByName('full'))!.asset_count).toBe(3);
    const assets = await repo.listAssets(ws.id, { limit: 100 });
    expect(assets.map((a) => a.name).sort()).toEqual(['gone.txt', 'kept.txt', 'new.txt']);
    for (const a of assets) expect(a).toMatchObject({ label: INTERNAL, removed_at: null });
    const created = (results[0] as PromiseFulfilledResult<{ asset: { id: number } }>).value.asset.id;
    expect((await repo.getAsset(ws.id, created))!.history.map((h) => h.classified_at)).toEqual(['2026-06-12T08:31:03', '2026-06-12T08:31:00']);
  });

  // All or nothing: a statement failing after others of the batch succeeded (the history insert,
  // after the upsert; the webhook delivery insert, after the upsert and the history insert)
  // commits nothing of the batch, fails every item, and the next batch writes.
  it.each<Poisoned>(['history', 'delivery'])('leaves nothing written when the %s insert fails mid-batch (no asset, history, count or delivery), and the next batch writes', async (poisoned) => {
    const ws = await repo.createWorkspace({ name: 'a', max_assets: 100, policy, created_at: AT });
    await repo.insertWebhook({ workspace_id: ws.id, url: 'https://hooks.example.com/in', events: ['asset.classified'], min_level: null, enabled: true, secret: 's'.repeat(32), created_at: AT });
    const before = await repo.saveClassification(ws.id, classification('before.txt', INTERNAL, AT));
    await addPoisonTrigger(backend, storage.location, poisoned);

    // Issued together: one batch, whose history insert (label Poison) or delivery insert (poisoned.txt) fails.
    const burst = [classification('first.txt', INTERNAL, AT), classification('before.txt', CONFIDENTIAL, AT), classification('poisoned.txt', POISON, AT), classification('last.txt', INTERNAL, AT)];
    const results = await Promise.allSettled(burst.map((c) => repo.saveClassification(ws.id, c)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(String((r as PromiseRejectedResult).reason)).toContain(`poisoned ${poisoned}`);
    }
    expect((await repo.listAssets(ws.id, { limit: 100 })).map((a) => [a.name, a.label.name])).toEqual([['before.txt', 'Internal']]);
    expect((await repo.getAsset(ws.id, before.asset.id))!.history).toHaveLength(1);
    expect((await repo.getWorkspaceByName('a'))!.asset_count).toBe(1);
    const hooks = await repo.listWebhooks(ws.id);
    expect(await repo.listDeliveries(ws.id, hooks[0]!.id, 100)).toHaveLength(1); // before.txt's only

    const after = await repo.saveClassification(ws.id, classification('after.txt', INTERNAL, AT));
    expect((await repo.getAsset(ws.id, after.asset.id))!.history).toHaveLength(1);
    expect((await repo.getWorkspaceByName('a'))!.asset_count).toBe(2);
  });
});
