// close() of the SQLite database: it waits for reads in flight, refuses reads and writes issued
// after it (a read then would prepare a statement after the cache was finalized, and SQLite would
// refuse to close with SQLITE_BUSY), and closes cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite database close', () => {
  it('finishes the reads and writes in flight, refuses later ones, and closes without SQLITE_BUSY', async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-db-close-'));
    const db = await openSqliteDatabase(join(dir, 'x.db'));
    await db.exec('CREATE TABLE t (a INTEGER)');
    const write = db.run('INSERT INTO t (a) VALUES (?)', [1]);
    const reads = Array.from({ length: 20 }, (_, i) => db.all<{ n: number }>('SELECT ? AS n', [i]));
    const closing = db.close();
    // Once the close has begun to finalize the statements (a turn of the event loop later).
    await new Promise((resolve) => setImmediate(resolve));
    const late = await Promise.allSettled([db.all('SELECT 2 AS late'), db.get('SELECT 3 AS late'), db.run('INSERT INTO t (a) VALUES (2)')]);
    await expect(closing).resolves.toBeUndefined();
    expect(await write).toMatchObject({ changes: 1 });
    expect((await Promise.all(reads)).map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(late.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ran'))).toEqual(['database is closed', 'database is closed', 'database is closed']);
    expect(db.close()).toBe(closing);

    const again = await openSqliteDatabase(join(dir, 'x.db'));
    expect(await again.all('SELECT a FROM t')).toEqual([{ a: 1 }]);
    await again.close();
  });
});
