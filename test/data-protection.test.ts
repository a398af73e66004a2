// Data at rest: the data directory is owner-only, the database and its WAL are 0600, and
// `assay backup` makes an owner-only, consistent online copy that restores by putting it back as
// assay.db — while classifications keep arriving.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli-runner.ts';
import { call, manualClock, startTestServer } from './helpers/test-server.ts';

const clock = manualClock();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-protect-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

function query<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, (e, rows) => db.close(() => (e ? reject(e) : resolve(rows as T[]))));
    });
  });
}

describe('data at rest', () => {
  it('creates the data directory 0700 and the database and its WAL 0600', async () => {
    const dataDir = join(dir, 'data');
    expect((await runCli(['init'], { dataDir, clock })).code).toBe(0);
    expect((await runCli(['workspaces', 'create', 'acme'], { dataDir, clock })).code).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'assay.db'))).toBe(0o600);
    const server = await startTestServer();
    try {
      const key = await server.workspaceWithKey('acme');
      expect((await call(`${server.api}/classify`, { key, json: { name: 'a.txt', content: 'x' } })).status).toBe(201);
      expect(mode(server.dataDir)).toBe(0o700);
      for (const f of ['assay.db', 'assay.db-wal', 'assay.db-shm']) expect(mode(join(server.dataDir, f)), f).toBe(0o600);
    } finally {
      await server.close();
    }
  });

  it('backs up online to a new 0600 file that is consistent while writes continue, and restores', async () => {
    const server = await startTestServer();
    const backup = join(dir, 'assay-backup.db');
    let acknowledged = 0;
    try {
      const key = await server.workspaceWithKey('acme');
      const writes = Array.from({ length: 200 }, (_, i) =>
        call(`${server.api}/classify`, { key, json: { name: `/share/file-${i}.txt`, content: `card 4111 1111 1111 1111 #${i}` } }).then((r) => {
          if (r.status === 201) acknowledged += 1;
        }),
      );
      await new Promise((r) => setTimeout(r, 20));
      await server.repo.backupTo(backup);
      await Promise.all(writes);
      expect(acknowledged).toBe(200);
      await expect(server.repo.backupTo(backup)).rejects.toThrow(/EEXIST/);
    } finally {
      await server.close();
    }
    expect(mode(backup)).toBe(0o600);
    expect(await query<{ integrity_check: string }>(backup, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const [counts] = await query<{ rows: number; counted: number }>(backup, "SELECT (SELECT count(*) FROM assets) AS rows, (SELECT asset_count FROM workspaces WHERE name = 'acme') AS counted");
    expect(counts!.rows).toBe(counts!.counted);
    expect(counts!.rows).toBeLessThanOrEqual(200);

    // Restore: the backup becomes assay.db of a data directory.
    const restored = join(dir, 'restored');
    mkdirSync(restored, { mode: 0o700 });
    copyFileSync(backup, join(restored, 'assay.db'));
    const listed = await runCli(['workspaces', 'list'], { dataDir: restored, clock });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^acme\\s+active\\s+no\\s+${counts!.rows}\\s`, 'm'));
  });

  it('refuses to overwrite an existing file with `assay backup`', async () => {
    const dataDir = join(dir, 'data');
    await runCli(['init'], { dataDir, clock });
    await runCli(['workspaces', 'create', 'acme'], { dataDir, clock });
    const target = join(dir, 'copy.db');
    expect((await runCli(['backup', target], { dataDir, clock })).code).toBe(0);
    expect(existsSync(target)).toBe(true);
    const again = await runCli(['backup', target], { dataDir, clock });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });
});
