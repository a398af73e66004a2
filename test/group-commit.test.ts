// Group commit at the repository level: classifications issued together land in shared
// transactions, and the result is exactly what writing them one by one in arrival order gives —
// duplicates in one batch, revived removed assets, and quota and unlimited workspaces mixed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { AssetQuotaError } from '../shared/errors.ts';
import { BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const [PUBLIC, INTERNAL, CONFIDENTIAL] = [DEFAULT_LABELS[0]!, DEFAULT_LABELS[1]!, DEFAULT_LABELS[2]!];
const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };


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
});
