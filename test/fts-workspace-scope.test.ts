// The name search index carries each asset's workspace (migration 8): the count that chooses the
// search plan, and the search itself, see only the asking workspace's names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import { migrate, MIGRATIONS } from '../server/storage/migrations.ts';
import { ftsQuery } from '../server/storage/sqlite/asset-queries.ts';
import { openSqliteRepository } from '../server/storage/sqlite-repository.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { manualClock } from './helpers/test-server.ts';

let dir: string;
const clock = manualClock();
const now = () => clock.now();
const policy = { labels: DEFAULT_LABELS, rules: [], exclusions: { values: [], patterns: [], stop_words: [] } };
const label = DEFAULT_LABELS[0]!;
const classification = (name: string, i: number) => ({
  source: 'api' as const,
  name,
  asset_type: null,
  label,
  matched_rules: [],
  findings: [],
  classified_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-fts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rowids the plan-choice count and the FTS-driven plan read for this workspace and needle. */
async function indexMatches(file: string, workspaceId: number, q: string): Promise<number[]> {
  const db = await openSqliteDatabase(file);
  try {
    const rows = await db.all<{ rowid: number }>('SELECT rowid FROM assets_name_fts WHERE assets_name_fts MATCH ? ORDER BY rowid', [ftsQuery(workspaceId, q)]);
    return rows.map((r) => r.rowid);
  } finally {
    await db.close();
  }
}

describe('name search scoped by workspace', () => {
  it("counts and searches only the workspace's own names, however many others match", async () => {
    const file = join(dir, 'assay.db');
    const repo = await openSqliteRepository(file, now);
    const busy = await repo.createWorkspace({ name: 'busy', max_assets: null, policy, created_at: now().toISOString() });
    const quiet = await repo.createWorkspace({ name: 'quiet', max_assets: null, policy, created_at: now().toISOString() });
    // Workspace 1 vs 11 etc.: ids that are digit-prefixes of each other must not match each other.
    await Promise.all(Array.from({ length: 2500 }, (_, i) => repo.saveClassification(busy.id, classification(`Report-${i}.pdf`, i))));
    const quietIds: number[] = [];
    for (const [i, name] of ['q1-report.pdf', 'REPORT final.docx', 'notes.txt'].entries()) {
      quietIds.push((await repo.saveClassification(quiet.id, classification(name, i))).asset.id);
    }
    const listed = await repo.listAssets(quiet.id, { q: 'report', limit: 50 });
    expect(listed.map((a) => a.name).sort()).toEqual(['REPORT final.docx', 'q1-report.pdf']);
    expect((await repo.listAssets(busy.id, { q: 'report', limit: 5000 })).length).toBe(2500);
    await repo.close();

    expect(await indexMatches(file, quiet.id, 'report')).toEqual(quietIds.slice(0, 2));
    expect(await indexMatches(file, quiet.id, 'notes')).toEqual([quietIds[2]]);
    expect(await indexMatches(file, busy.id, 'notes')).toEqual([]);
    expect((await indexMatches(file, busy.id, 'report')).length).toBe(2500);
    expect(await indexMatches(file, 99, 'report')).toEqual([]);
  });

  it('does not confuse workspace ids that share digits (1, 11, 21)', async () => {
    const file = join(dir, 'assay.db');
    const repo = await openSqliteRepository(file, now);
    const ids: number[] = [];
    for (let w = 1; w <= 21; w++) ids.push((await repo.createWorkspace({ name: `w${w}`, max_assets: null, policy, created_at: now().toISOString() })).id);
    for (const id of ids) await repo.saveClassification(id, classification(`shared-name-${id}.pdf`, id));
    for (const id of ids) expect((await repo.listAssets(id, { q: 'shared-name', limit: 50 })).map((a) => a.name)).toEqual([`shared-name-${id}.pdf`]);
    await repo.close();
  });

  it('indexes assets written before migration 8, and follows renames and deletes after it', async () => {
    const file = join(dir, 'assay.db');
    const old = await openSqliteDatabase(file);
    await migrate(old, now, MIGRATIONS.filter((m) => m.version < 8));
    await old.run("INSERT INTO workspaces (name, created_at) VALUES ('a', '2026-01-01'), ('b', '2026-01-01')");
    await old.run(`INSERT INTO assets (workspace_id, source, name, label_name, label_level, label_color, matched_rules, findings, classified_at)
      VALUES (1, 'api', 'Budget 2026.xlsx', 'Public', 0, '#000000', '', '[]', '2026-01-01'), (2, 'api', 'budget-b.xlsx', 'Public', 0, '#000000', '', '[]', '2026-01-01')`);
    await old.close();
    const repo = await openSqliteRepository(file, now);
    expect((await repo.listAssets(1, { q: 'budget', limit: 50 })).map((a) => a.name)).toEqual(['Budget 2026.xlsx']);
    expect((await repo.listAssets(2, { q: 'budget', limit: 50 })).map((a) => a.name)).toEqual(['budget-b.xlsx']);
    await repo.close();
    const db = await openSqliteDatabase(file);
    await db.run("UPDATE assets SET name = 'forecast.xlsx' WHERE workspace_id = 1");
    await db.run('DELETE FROM assets WHERE workspace_id = 2');
    await db.close();
    expect(await indexMatches(file, 1, 'budget')).toEqual([]);
    expect(await indexMatches(file, 1, 'forecast')).toEqual([1]);
    expect(await indexMatches(file, 2, 'budget')).toEqual([]);
  });
});
