// The agent's SQLite state in its state directory: opened with owner-only permissions (dir 0700,
// files 0600) and migrated to the current schema.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase, type SqliteDatabase } from '../../lib/sqlite-database.ts';

export const STATE_DB_FILE = 'agent.db';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

/** Numbered migrations (PRAGMA user_version). Append new ones; never edit one that has shipped. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE files (
        path TEXT PRIMARY KEY,
        dev INTEGER NOT NULL,
        ino INTEGER NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('classified', 'unparseable')),
        format TEXT,
        reason TEXT,
        retry_on_scan INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT,
        truncated INTEGER NOT NULL DEFAULT 0,
        rules_version TEXT,
        label TEXT,
        matched_rules TEXT,
        classified_at TEXT,
        delivered_at TEXT,
        delivered_label TEXT,
        delivered_rules TEXT,
        delivered_hash TEXT,
        delivery_error TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX files_rules_version ON files (rules_version);
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('classify', 'remove')),
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        content_hash TEXT,
        created_at TEXT NOT NULL,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at, id);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];

async function migrate(db: SqliteDatabase): Promise<void> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  let current = row?.user_version ?? 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    try {
      await db.exec(`BEGIN IMMEDIATE; ${m.sql}; PRAGMA user_version = ${m.version}; COMMIT;`);
    } catch (err) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
    current = m.version;
  }
}

/** Creates the directory (0700) and database (0600; SQLite gives its -wal/-shm files the same mode). */
export async function openStateDb(stateDir: string): Promise<SqliteDatabase> {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  chmodSync(stateDir, 0o700);
  const db = await openSqliteDatabase(join(stateDir, STATE_DB_FILE));
  try {
    // Deleted outbox rows (which carry document text) are overwritten, not just unlinked. The WAL
    // is checkpointed every 1 MiB and cut back to 1 MiB afterwards (defaults: 4 MiB, never cut),
    // so a small state disk that filled up has room again once space is freed.
    await db.exec('PRAGMA secure_delete = ON; PRAGMA wal_autocheckpoint = 256; PRAGMA journal_size_limit = 1048576;');
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** For read-only tools (`assay agent status`): null when the agent never ran with this state dir. */
export async function openExistingStateDb(stateDir: string): Promise<SqliteDatabase | null> {
  if (!existsSync(join(stateDir, STATE_DB_FILE))) return null;
  return openStateDb(stateDir);
}
