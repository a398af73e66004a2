// The dashboard's counters (kept by triggers) always equal what grouping the inventory and its
// history gives, through any sequence of new assets, re-classifications, removals and returns.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const SOURCES = ['api', 'agent', 'csv', 'manual'] as const;

const operation = fc.oneof(
  fc.record({ op: fc.constant('save' as const), name: fc.integer({ min: 0, max: 6 }), source: fc.constantFrom(...SOURCES), label: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('remove' as const), name: fc.integer({ min: 0, max: 6 }), source: fc.constantFrom(...SOURCES) }),
);

describe.each(BACKENDS)('dashboard counters (%s)', (backend) => {
  let storage: TestStorage | undefined;
  let repo: Repository;
  let run = 0;
  beforeAll(async () => {
    if (unavailable(backend)) return;
    storage = await openTestStorage(backend, manualClock(new Date('2026-06-12T08:30:00Z')));
    repo = storage.repo;
  });
  afterAll(() => storage?.close());

  it.skipIf(unavailable(backend))('match the inventory and its history after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (ops) => {
        // One database for every run; each run writes to workspaces of its own.
        run++;
        const ws = await repo.createWorkspace({ name: `a${run}`, max_assets: null, policy, created_at: '2026-06-01T00:00:00' });
        const other = await repo.createWorkspace({ name: `b${run}`, max_assets: null, policy, created_at: '2026-06-01T00:00:00' });
        await repo.saveClassification(other.id, { source: 'api', name: 'elsewhere', asset_type: null, label: DEFAULT_LABELS[3]!, matched_rules: [], findings: [], classified_at: '2026-06-02T00:00:00' });
        const perDay = new Map<string, number>();
        // Issued together, so group commit batches some of them, as under load.
        await Promise.all(
          ops.map((o) => {
            if (o.op === 'remove') return repo.markAssetRemoved(ws.id, o.source, `f${o.name}`, '2026-06-09T00:00:00');
            const day = `2026-06-0${o.day}`;
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
            const c: NewClassification = { source: o.source, name: `f${o.name}`, asset_type: null, label: DEFAULT_LABELS[o.label]!, matched_rules: [], findings: [], classified_at: `${day}T12:00:00` };
            return repo.saveClassification(ws.id, c);
          }),
        );
        const present = await repo.listAssets(ws.id, { limit: 1000 });
        const byLabel = new Map<string, number>();
        const bySource = new Map<string, number>();
        for (const a of present) {
          byLabel.set(a.label.name, (byLabel.get(a.label.name) ?? 0) + 1);
          bySource.set(a.source, (bySource.get(a.source) ?? 0) + 1);
        }
        const stats = await repo.assetStats(ws.id, '2026-06-02');
        expect(Object.fromEntries(stats.by_label.map((l) => [l.name, l.count]))).toEqual(Object.fromEntries(byLabel));
        expect(Object.fromEntries(stats.by_source.map((s) => [s.source, s.count]))).toEqual(Object.fromEntries(bySource));
        expect(Object.fromEntries(stats.per_day.map((d) => [d.day, d.count]))).toEqual(Object.fromEntries([...perDay].filter(([d]) => d >= '2026-06-02').sort()));
        expect(stats.by_label.map((l) => l.level)).toEqual([...stats.by_label.map((l) => l.level)].sort());
      }),
      { numRuns: 40, seed: Number(process.env.ASSAY_FUZZ_SEED ?? 20261126) },
    );
  });
});
