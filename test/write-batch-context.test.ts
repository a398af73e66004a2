// The SQLite write batch's one read (server/storage/sqlite/batch-context.ts): every read the batch
// layers make (quotas, webhooks, existing assets, their labels, their dismissals) is answered as
// the layer's own statement answers it, on a real database, and in one statement; a read outside
// the batch runs the layer's own statement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type Queryable, type SqliteDatabase } from '../lib/sqlite-database.ts';
import type { NewClassification } from '../server/storage/repository.ts';
import { sqliteBatchReads } from '../server/storage/sqlite/asset-writes.ts';
import { type BatchReads, readBatchContext } from '../server/storage/sqlite/batch-context.ts';
import { applyByWorkspace } from '../server/storage/batch-classifications.ts';
import { withDismissals } from '../server/storage/batch-dismissals.ts';
import { withWebhookEvents } from '../server/storage/webhook-outbox.ts';
import { openSqliteRepository } from '../server/storage/sqlite-repository.ts';
import type { PendingClassification } from '../server/storage/saved-asset.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';

const [PUBLIC, INTERNAL, CONFIDENTIAL] = [DEFAULT_LABELS[0]!, DEFAULT_LABELS[1]!, DEFAULT_LABELS[2]!];
const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const AT = '2026-11-30T14:00:00';

function classification(name: string, label = PUBLIC): NewClassification {
  return { source: 'api', name, asset_type: 'document', label, matched_rules: [], findings: [], classified_at: AT };
}

/** `db` as a transaction sees it, counting the statements run through it. */
function counting(tx: Queryable): Queryable & { readonly statements: number } {
  let statements = 0;
  return {
    get statements() {
      return statements;
    },
    all: (sql, params) => (statements++, tx.all(sql, params)),
    get: (sql, params) => (statements++, tx.get(sql, params)),
    run: (sql, params) => (statements++, tx.run(sql, params)),
  };
}

const assetsOf = (items: readonly PendingClassification[], workspaceId: number) => items.filter((i) => i.workspaceId === workspaceId).map(({ c }) => ({ source: c.source, name: c.name }));

/** Every read the batch layers make, of the fixture's two batch workspaces (`items` holds assets of both, open's first one with a dismissal). */
async function everyRead(reads: BatchReads, t: Queryable, ids: { limited: number; open: number }, items: readonly PendingClassification[]) {
  const [limitedAssets, openAssets] = [assetsOf(items, ids.limited), assetsOf(items, ids.open)];
  return {
    quotas: [...(await reads.batchWrites.quotas(t, [ids.limited, ids.open]))].sort(([a], [b]) => a - b),
    limitedQuota: [...(await reads.batchWrites.quotas(t, [ids.limited]))],
    existingLimited: [...(await reads.batchWrites.existing(t, ids.limited, limitedAssets))].sort(),
    existingOpen: [...(await reads.batchWrites.existing(t, ids.open, openAssets))].sort(),
    hooks: await reads.outbox.hooks(t, [ids.limited, ids.open]),
    openHooks: await reads.outbox.hooks(t, [ids.open]),
    labels: (await reads.outbox.labels(t, ids.limited, limitedAssets)).sort((a, b) => a.name.localeCompare(b.name)),
    dismissalsLimited: await reads.readDismissals(t, ids.limited, limitedAssets),
    dismissalsOpen: await reads.readDismissals(t, ids.open, openAssets.slice(0, 1)),
    noDismissals: await reads.readDismissals(t, ids.open, openAssets.slice(1)),
  };
}
const EVERY_READ = 10;

/** What `fn` returns inside a transaction that is then rolled back, so that the next run starts from the same database. */
async function rolledBack<T>(db: SqliteDatabase, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const undo = new Error('roll back');
  let result: { value: T } | undefined;
  await db
    .transaction(async (tx) => {
      result = { value: await fn(tx) };
      throw undo;
    })
    .catch((e: unknown) => {
      if (e !== undo) throw e;
    });
  return result!.value;
}

describe('the write batch read in one statement (SQLite)', () => {
  let dir: string;
  let db: SqliteDatabase;
  const ids = { limited: 0, open: 0, other: 0 };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-batch-context-'));
    const file = join(dir, 'assay.db');
    const repo = await openSqliteRepository(file, () => new Date(`${AT}Z`));
    const limited = await repo.createWorkspace({ name: 'limited', max_assets: 10, policy, created_at: AT });
    const open = await repo.createWorkspace({ name: 'open', max_assets: null, policy, created_at: AT });
    const other = await repo.createWorkspace({ name: 'other', max_assets: null, policy, created_at: AT });
    Object.assign(ids, { limited: limited.id, open: open.id, other: other.id });
    const hook = (workspace_id: number, enabled: boolean, min_level: number | null) =>
      repo.insertWebhook({ workspace_id, url: 'https://hooks.example.com/in', events: ['asset.classified', 'asset.escalated'], min_level, enabled, secret: 's'.repeat(32), created_at: AT });
    await hook(limited.id, true, 2);
    await hook(limited.id, false, null);
    await hook(open.id, true, null);
    await hook(other.id, true, null);
    await repo.saveClassification(limited.id, classification('kept.txt', INTERNAL));
    await repo.saveClassification(limited.id, classification('gone.txt', CONFIDENTIAL));
    await repo.markAssetRemoved(limited.id, 'api', 'gone.txt', AT);
    await repo.saveClassification(open.id, classification('kept.txt'));
    await repo.saveClassification(other.id, classification('kept.txt'));
    await repo.close();
    db = await openSqliteDatabase(file);
    // Dismissals made in an order that is not the assets' order: each read returns them in the order made.
    const dismiss = (workspaceId: number, name: string, rule: string, detector: string) =>
      db.run(
        `INSERT INTO asset_dismissals (workspace_id, asset_id, rule, detector, reason, note, actor, created_at)
           SELECT workspace_id, id, ?, ?, 'test_data', '', 'test', ? FROM assets WHERE workspace_id = ? AND source = 'api' AND name = ?`,
        [rule, detector, AT, workspaceId, name],
      );
    await dismiss(ids.open, 'kept.txt', 'Financial data', 'iban');
    await dismiss(ids.limited, 'kept.txt', 'Financial data', 'payment-card');
    await dismiss(ids.limited, 'gone.txt', 'Personal data', 'email');
    await dismiss(ids.limited, 'kept.txt', 'Personal data', 'email');
    await dismiss(ids.other, 'kept.txt', 'Personal data', 'email');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the quota, webhook, existence, label and dismissal reads as their own statements do, in one statement', async () => {
    const items: PendingClassification[] = ['kept.txt', 'new.txt', 'kept.txt', 'gone.txt']
      .map((name) => ({ workspaceId: ids.limited, c: classification(name) }))
      .concat(['kept.txt', 'fresh.txt'].map((name) => ({ workspaceId: ids.open, c: classification(name) })));
    const base = sqliteBatchReads;
    await db.transaction(async (tx) => {
      const q = counting(tx);
      const ctx = await readBatchContext(q, items, base);
      const answers = (reads: BatchReads, t: Queryable) => everyRead(reads, t, ids, items);
      const fromContext = await answers(ctx, q);
      expect(q.statements).toBe(1);
      const own = await answers(base, tx);
      expect(fromContext).toEqual(own);
      // What the fixture holds, so that the comparison is not of two empty answers.
      expect(own.quotas).toEqual([
        [ids.limited, { id: ids.limited, max_assets: 10, asset_count: 2 }],
        [ids.open, { id: ids.open, max_assets: null, asset_count: 1 }],
      ]);
      expect(own.existingLimited).toEqual(['api\u0000gone.txt', 'api\u0000kept.txt']);
      expect(own.hooks.map((h) => [h.workspace_id, h.min_level, h.workspace])).toEqual([
        [ids.limited, 2, 'limited'],
        [ids.open, null, 'open'],
      ]);
      expect(own.labels.map((l) => [l.name, l.label.name])).toEqual([
        ['gone.txt', 'Confidential'],
        ['kept.txt', 'Internal'],
      ]);
      // In the order made; kept.txt is asked twice, so the statement joins its rows twice.
      expect(own.dismissalsLimited.map((d) => [d.name, d.detector])).toEqual([
        ['kept.txt', 'payment-card'],
        ['kept.txt', 'payment-card'],
        ['gone.txt', 'email'],
        ['kept.txt', 'email'],
        ['kept.txt', 'email'],
      ]);
      expect(own.dismissalsOpen).toHaveLength(1);
      expect(own.noDismissals).toEqual([]);

      // Outside the batch: the layer's own statement runs.
      expect(await ctx.outbox.hooks(q, [ids.other])).toEqual(await base.outbox.hooks(tx, [ids.other]));
      expect(await ctx.readDismissals(q, ids.other, [{ source: 'api', name: 'kept.txt' }])).toHaveLength(1);
      expect(q.statements).toBe(3);
    });
  });

  // The snapshot is taken before any write; a read made after the batch wrote its workspace must
  // see the write, as the layer's own statement does. The layers read before they write today;
  // here they are composed to read after (the whole composition run twice in one transaction).
  it('answers a read of a workspace the batch already wrote with the layer\'s own statement', async () => {
    await db.run('UPDATE workspaces SET max_assets = 3 WHERE id = ?', [ids.limited]); // 2 assets: one more fits
    const dismissing = (c: NewClassification): NewClassification => ({ ...c, dismiss: () => ({ label: PUBLIC, matched_rules: [], findings: [] }) });
    const first: PendingClassification[] = [
      { workspaceId: ids.limited, c: classification('new.txt') },
      { workspaceId: ids.limited, c: classification('kept.txt', CONFIDENTIAL) },
      { workspaceId: ids.open, c: classification('fresh.txt') },
    ];
    const second: PendingClassification[] = [
      { workspaceId: ids.open, c: dismissing(classification('kept.txt', INTERNAL)) },
      { workspaceId: ids.limited, c: classification('late.txt') },
      { workspaceId: ids.limited, c: classification('kept.txt', CONFIDENTIAL) },
      { workspaceId: ids.limited, c: classification('new.txt', INTERNAL) },
      { workspaceId: ids.open, c: classification('fresh.txt', INTERNAL) },
    ];
    const layers = (q: BatchReads) => withDismissals(q.readDismissals, withWebhookEvents(q.outbox, applyByWorkspace(q.batchWrites)));
    const run = (reads: BatchReads, t: Queryable) => async (items: readonly PendingClassification[]) =>
      (await layers(reads)(t, items)).map((o) => (o.ok ? [o.value.asset.name, o.value.asset.label.name] : [String(o.error)]));
    const written = async (t: Queryable) => ({
      deliveries: await t.all<{ event_type: string; workspace_id: number; name: string }>('SELECT d.event_type, d.workspace_id, a.name FROM webhook_deliveries d JOIN assets a ON a.id = d.asset_id ORDER BY d.id'),
      assets: await t.all('SELECT workspace_id, name, label_name FROM assets ORDER BY id'),
      counts: await t.all('SELECT id, asset_count FROM workspaces ORDER BY id'),
    });

    const fromContext = await rolledBack(db, async (tx) => {
      const q = counting(tx);
      const ctx = await readBatchContext(q, [...first, ...second], sqliteBatchReads);
      const outcomes = [await run(ctx, q)(first)];
      const before = q.statements;
      const reads = await everyRead(ctx, q, ids, second);
      expect(q.statements - before).toBe(EVERY_READ); // each its own statement: both workspaces are written
      expect(reads).toEqual(await everyRead(sqliteBatchReads, tx, ids, second));
      outcomes.push(await run(ctx, q)(second));
      return { outcomes, reads, ...(await written(tx)) };
    });
    const own = await rolledBack(db, async (tx) => {
      const outcomes = [await run(sqliteBatchReads, tx)(first)];
      const reads = await everyRead(sqliteBatchReads, tx, ids, second);
      outcomes.push(await run(sqliteBatchReads, tx)(second));
      return { outcomes, reads, ...(await written(tx)) };
    });
    expect(fromContext).toEqual(own);
    // What the own statements give, so that the comparison is of answers a stale snapshot would get wrong.
    expect(own.reads.limitedQuota).toEqual([[ids.limited, { id: ids.limited, max_assets: 3, asset_count: 3 }]]);
    expect(own.reads.existingLimited).toEqual(['api\u0000kept.txt', 'api\u0000new.txt']);
    expect(own.reads.labels.map((l) => [l.name, l.label.name])).toEqual([
      ['kept.txt', 'Confidential'],
      ['new.txt', 'Public'],
    ]);
    expect(own.outcomes[1]).toEqual([['kept.txt', 'Public'], ['AssetQuotaError: Asset quota reached: 3 of 3 assets used'], ['kept.txt', 'Confidential'], ['new.txt', 'Internal'], ['fresh.txt', 'Internal']]);
    // limited's kept.txt escalated once (Internal → Confidential), not again when classified Confidential a second time;
    // open's fresh.txt, created by the first batch, escalated by the second (Public → Internal).
    expect(own.deliveries.filter((d) => d.event_type === 'asset.escalated').map((d) => [d.workspace_id, d.name])).toEqual([
      [ids.limited, 'kept.txt'],
      [ids.open, 'fresh.txt'],
    ]);
  });
});
