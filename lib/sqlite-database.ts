// A promise wrapper over the `sqlite3` package: one writer connection whose transactions are
// serialised, and one reader connection that sees the last committed state (WAL mode).
import { chmodSync, closeSync, openSync } from 'node:fs';
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = readonly SqlValue[];

export interface RunResult {
  lastID: number;
  changes: number;
}

/** What a query can run on: the database outside a transaction, or a transaction. */
export interface Queryable {
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<RunResult>;
}

export interface SqliteDatabase extends Queryable {
  /** Runs `fn` in BEGIN IMMEDIATE … COMMIT on the writer; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  /** Online copy to a new file (mode 0600) with VACUUM INTO: a consistent snapshot. Fails if `file` exists. */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
}

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

/**
 * Queries through prepared statements kept per SQL text (preparing is a large part of a short
 * statement's cost). Reads use `all`, which steps a statement to its end, so no cached statement
 * is left mid-step holding a read transaction open.
 */
function queryable(db: sqlite3.Database, cache: Map<string, sqlite3.Statement>): Queryable {
  const statement = (sql: string): sqlite3.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const [oldest, old] = cache.entries().next().value!;
        cache.delete(oldest);
        old.finalize();
      }
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const all = <T>(sql: string, params: SqlParams = []) =>
    new Promise<T[]>((resolve, reject) => statement(sql).all(params as unknown[], (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows as T[]))));
  return {
    all,
    get: async <T>(sql: string, params: SqlParams = []) => (await all<T>(sql, params))[0],
    run: (sql: string, params: SqlParams = []) =>
      new Promise<RunResult>((resolve, reject) =>
        statement(sql).run(params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ lastID: this.lastID, changes: this.changes });
        }),
      ),
  };
}

const STATEMENT_CACHE_SIZE = 200;

function finalizeAll(cache: Map<string, sqlite3.Statement>): Promise<void> {
  const pending = [...cache.values()].map((stmt) => new Promise<void>((resolve) => stmt.finalize(() => resolve())));
  cache.clear();
  return Promise.all(pending).then(() => undefined);
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function closeDb(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

const PRAGMAS = 'PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;';

/** Creates `file` empty and readable by its owner only (fails if it exists). */
function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'wx', 0o600));
}

/**
 * Opens (creating if needed) the database file; `:memory:` is not supported (two connections).
 * The file is made owner-only (0600) first: SQLite would create it 0644 (umask permitting), and
 * it gives its -wal and -shm files the database file's mode.
 */
export async function openSqliteDatabase(file: string): Promise<SqliteDatabase> {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const writerDb = await open(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_FULLMUTEX);
  // Serialized mode: statements issued without waiting for each other still run in issue order,
  // so a transaction may queue several at once.
  writerDb.serialize();
  await exec(writerDb, `PRAGMA journal_mode = WAL; ${PRAGMAS}`);
  const readerDb = await open(file, sqlite3.OPEN_READONLY | sqlite3.OPEN_FULLMUTEX);
  await exec(readerDb, PRAGMAS);
  const writerStatements = new Map<string, sqlite3.Statement>();
  const readerStatements = new Map<string, sqlite3.Statement>();
  const writer = queryable(writerDb, writerStatements);
  const reader = queryable(readerDb, readerStatements);

  // Every write goes through this chain, so that statements of two transactions never interleave
  // on the single writer connection.
  let tail: Promise<unknown> = Promise.resolve();
  let closed: Promise<void> | null = null;
  const serialise = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('database is closed'));
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
  // Reads in flight, which close() waits for. Once closing, a read is refused rather than run:
  // it would prepare a statement after the cache was finalized, and SQLite then refuses to close
  // ("SQLITE_BUSY: unable to close due to unfinalized statements").
  const reads = new Set<Promise<unknown>>();
  const read = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('database is closed'));
    const result = work();
    const settled: Promise<unknown> = result.then(
      () => reads.delete(settled),
      () => reads.delete(settled),
    );
    reads.add(settled);
    return result;
  };

  return {
    all: <T>(sql: string, params?: SqlParams) => read(() => reader.all<T>(sql, params)),
    get: <T>(sql: string, params?: SqlParams) => read(() => reader.get<T>(sql, params)),
    run: (sql, params) => serialise(() => writer.run(sql, params)),
    exec: (sql) => serialise(() => exec(writerDb, sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      serialise(async () => {
        await writer.run('BEGIN IMMEDIATE');
        try {
          const value = await fn(writer);
          await writer.run('COMMIT');
          return value;
        } catch (err) {
          await writer.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    backupTo: (target) =>
      serialise(async () => {
        // The copy holds the same data as the database: owner-only, and never over an existing file.
        createPrivateFile(target);
        await writer.run('VACUUM INTO ?', [target]);
      }),
    close() {
      closed ??= tail.then(async () => {
        await Promise.all(reads);
        await finalizeAll(readerStatements);
        await finalizeAll(writerStatements);
        await closeDb(readerDb);
        await closeDb(writerDb);
      });
      return closed;
    },
  };
}
