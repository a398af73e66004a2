// The audit log is append-only in the database itself, on both backends: a second connection
// (as an operator with the database open would have) can insert, but UPDATE and DELETE (and on
// PostgreSQL TRUNCATE) are refused by triggers and the entries stay as written. The store reads
// entries back per workspace, newest first, filtered, paged by id.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import type { Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const AT = '2026-06-12T08:30:00';
const actor = { kind: 'cli', name: 'cli', prefix: null, os_user: 'alice' } as const;

/** Runs SQL on its own connection to the database, as someone with access to it would. */
async function rawSql(backend: string, location: string, sql: string): Promise<void> {
  if (backend === 'sqlite') {
    const db = await openSqliteDatabase(location);
    try {
      await db.run(sql);
    } finally {
      await db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const open: TestStorage[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

describe.each(BACKENDS)('audit log (%s)', (backend) => {
  let storage: TestStorage;
  let repo: Repository;
  let wsId: number;
  let otherId: number;
  beforeAll(async () => {
    if (unavailable(backend)) return;
    storage = await openTestStorage(backend, manualClock());
    open.push(storage);
    repo = storage.repo;
    wsId = (await repo.createWorkspace({ name: 'acme', max_assets: null, policy, created_at: AT })).id;
    otherId = (await repo.createWorkspace({ name: 'other', max_assets: null, policy, created_at: AT })).id;
    for (let i = 0; i < 5; i++) {
      await repo.appendAudit({ workspace_id: wsId, at: AT, action: i % 2 ? 'key.created' : 'rule.changed', actor: { ...actor, os_user: i < 3 ? 'alice' : 'bob' }, address: null, target: `t${i}`, changes: { n: i } });
    }
    await repo.appendAudit({ workspace_id: otherId, at: AT, action: 'key.created', actor, address: '10.0.0.1', target: 'elsewhere', changes: null });
  });
  const test = it.skipIf(unavailable(backend));

  test('reads per workspace, newest first, filtered, paged by id', async () => {
    const all = await repo.listAudit(wsId, { limit: 100 });
    expect(all.map((e) => e.target)).toEqual(['t4', 't3', 't2', 't1', 't0']);
    expect(all[0]).toEqual({ id: expect.any(Number), workspace_id: wsId, at: AT, action: 'rule.changed', actor: { ...actor, os_user: 'bob' }, address: null, target: 't4', changes: { n: 4 } });
    expect((await repo.listAudit(wsId, { action: 'key.created', limit: 100 })).map((e) => e.target)).toEqual(['t3', 't1']);
    expect((await repo.listAudit(wsId, { actor: 'bob', limit: 100 })).map((e) => e.target)).toEqual(['t4', 't3']);
    expect((await repo.listAudit(wsId, { limit: 2, beforeId: all[1]!.id })).map((e) => e.target)).toEqual(['t2', 't1']);
    expect((await repo.listAudit(otherId, { limit: 100 })).map((e) => e.target)).toEqual(['elsewhere']);
  });

  test('UPDATE and DELETE are refused by the database, and the entries stay as written', async () => {
    const before = await repo.listAudit(wsId, { limit: 100 });
    await expect(rawSql(backend, storage.location, `UPDATE audit_log SET target = 'forged' WHERE workspace_id = ${wsId}`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(rawSql(backend, storage.location, `DELETE FROM audit_log WHERE workspace_id = ${wsId}`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(rawSql(backend, storage.location, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    if (backend === 'postgres') await expect(rawSql(backend, storage.location, 'TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    // Inserting is what the log is for: allowed on any connection.
    await rawSql(backend, storage.location, `INSERT INTO audit_log (workspace_id, at, action, actor_kind, actor_name) VALUES (${wsId}, '${AT}', 'key.revoked', 'system', 'raw')`);
    const after = await repo.listAudit(wsId, { limit: 100 });
    expect(after.slice(1)).toEqual(before);
    expect(after[0]).toMatchObject({ action: 'key.revoked', actor: { kind: 'system', name: 'raw', prefix: null, os_user: null }, changes: null });
  });

  test('an unknown actor kind is refused by the table', async () => {
    await expect(rawSql(backend, storage.location, `INSERT INTO audit_log (workspace_id, at, action, actor_kind, actor_name) VALUES (${wsId}, '${AT}', 'key.revoked', 'ghost', 'x')`)).rejects.toThrow(/CHECK|check/);
  });
});
