// A write batch is all or nothing: when a statement fails after others of the batch succeeded
// (here the history insert, after the upsert wrote the assets), nothing of the batch is
// committed — no asset, no history, no count, no webhook delivery — every item of the batch
// fails with the error, and the next batch writes normally.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { type Backend, BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const AT = '2026-11-30T14:00:00';
const POISON = { name: 'Poison', level: 3, color: '#000000' };

/** A history row with the label Poison makes its INSERT fail: a real failure of the batch's statement after the upsert. */
const POISON_TRIGGER: Record<Backend, string> = {
  sqlite: `CREATE TRIGGER poison BEFORE INSERT ON asset_history WHEN NEW.label_name = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned history'); END;`,
  postgres: `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.label_name = 'Poison' THEN RAISE EXCEPTION 'poisoned history'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER poison BEFORE INSERT ON asset_history FOR EACH ROW EXECUTE FUNCTION poison();`,
};

async function addPoisonTrigger(backend: Backend, location: string): Promise<void> {
  if (backend === 'sqlite') {
    const db = await openSqliteDatabase(location);
    await db.exec(POISON_TRIGGER.sqlite).finally(() => db.close());
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  await client.query(POISON_TRIGGER.postgres).finally(() => client.end());
}

function classification(name: string, label: NewClassification['label'] = DEFAULT_LABELS[1]!): NewClassification {
  return { source: 'api', name, asset_type: 'document', label, matched_rules: ['Rule'], findings: [], classified_at: AT };
}

describe.each(BACKENDS)('a failed write batch (%s)', (backend) => {
  let storage: TestStorage;
  let repo: Repository;
  beforeEach(async (ctx) => {
    if (unavailable(backend)) return ctx.skip();
    storage = await openTestStorage(backend, manualClock());
    repo = storage.repo;
  });
  afterEach(() => storage?.close());

  it('leaves nothing written when a statement fails mid-batch, and the next batch writes', async () => {
    const ws = await repo.createWorkspace({ name: 'a', max_assets: 100, policy, created_at: AT });
    await repo.insertWebhook({ workspace_id: ws.id, url: 'https://hooks.example.com/in', events: ['asset.classified'], min_level: null, enabled: true, secret: 's'.repeat(32), created_at: AT });
    const before = await repo.saveClassification(ws.id, classification('before.txt'));
    await addPoisonTrigger(backend, storage.location);

    // Issued together: one batch, whose history insert fails on the poisoned item.
    const burst = [classification('first.txt'), classification('before.txt', DEFAULT_LABELS[2]!), classification('poisoned.txt', POISON), classification('last.txt')];
    const results = await Promise.allSettled(burst.map((c) => repo.saveClassification(ws.id, c)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/poisoned history/);
    }
    expect((await repo.listAssets(ws.id, { limit: 100 })).map((a) => [a.name, a.label.name])).toEqual([['before.txt', 'Internal']]);
    expect((await repo.getAsset(ws.id, before.asset.id))!.history).toHaveLength(1);
    expect((await repo.getWorkspaceByName('a'))!.asset_count).toBe(1);
    const hooks = await repo.listWebhooks(ws.id);
    expect(await repo.listDeliveries(ws.id, hooks[0]!.id, 100)).toHaveLength(1); // before.txt's only

    const after = await repo.saveClassification(ws.id, classification('after.txt'));
    expect((await repo.getAsset(ws.id, after.asset.id))!.history).toHaveLength(1);
    expect((await repo.getWorkspaceByName('a'))!.asset_count).toBe(2);
  });
});
