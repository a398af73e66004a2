// Read-only looks into a SQLite file for the fault checks: PRAGMA integrity_check and plain queries.
import sqlite3 from 'sqlite3';

function openReadOnly(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(db)));
  });
}

/** Runs `sql` on a read-only connection to `file` and closes it. */
export async function queryFile<T>(file: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await openReadOnly(file);
  try {
    return await new Promise<T[]>((resolve, reject) => db.all(sql, params, (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows as T[]))));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** `ok`, or the problems PRAGMA integrity_check lists. */
export async function integrityCheck(file: string): Promise<string> {
  const rows = await queryFile<{ integrity_check: string }>(file, 'PRAGMA integrity_check');
  return rows.map((r) => r.integrity_check).join('; ');
}
