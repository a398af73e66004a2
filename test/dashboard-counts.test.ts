// The dashboard's counters (kept by triggers) always equal what grouping the inventory and its
// history gives, through any sequence of new assets, re-classifications, removals and returns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqliteRepository } from '../server/storage/sqlite-repository.ts';
import type { NewClassification } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const SOURCES = ['api', 'agent', 'csv', 'manual'] as const;

const operation = fc.oneof(
  fc.record({ op: fc.constant('save' as const), name: fc.integer({ min: 0, max: 6 }), source: fc.constantFrom(...SOURCES), label: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('remove' as const), name: fc.integer({ min: 0, max: 6 }), source: fc.constantFrom(...SOURCES) }),
);

describe('dashboard counters', () => {
  it('match the inventory and its history after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'assay-counts-'));
        const repo = await openSqliteRepository(join(dir, 'assay.db'), () => new Date('2026-06-12T08:30:00Z'));
        try {
          const ws = await repo.createWorkspace({ name: 'a', max_assets: null, policy, created_at: '2026-06-01T00:00:00' });
          const other = await repo.createWorkspace({ name: 'b', max_assets: null, policy, created_at: '2026-06-01T00:00:00' });
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
        } finally {
          await repo.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40, seed: Number(process.env.ASSAY_FUZZ_SEED ?? 20261126) },
    );
  });
});
