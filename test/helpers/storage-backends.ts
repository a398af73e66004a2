// The two storage backends the contract and API tests run against. PostgreSQL needs a server:
// ASSAY_TEST_DATABASE_URL names one (.ci/run starts a throwaway cluster and sets it). Without it
// the PostgreSQL cases are reported as skipped — except in CI (CI=true), where its absence fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../lib/clock.ts';
import type { BatchObserver } from '../../lib/write-batcher.ts';
import { DATABASE_FILE } from '../../server/server-process.ts';
import { openPgRepository } from '../../server/storage/pg-repository.ts';
import type { Repository } from '../../server/storage/repository.ts';
import { openSqliteRepository } from '../../server/storage/sqlite-repository.ts';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];
export const PG_TEST_URL = process.env.ASSAY_TEST_DATABASE_URL || undefined;

if (process.env.CI === 'true' && PG_TEST_URL === undefined) {
  throw new Error('CI=true but ASSAY_TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI (.ci/run starts a cluster)');
}

/** Whether the backend's tests cannot run here (PostgreSQL without a server, outside CI). */
export const unavailable = (backend: Backend): boolean => backend === 'postgres' && PG_TEST_URL === undefined;

/** A new empty database on the test server; `drop` removes it (and ends its connections). */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(PG_TEST_URL!);
  const name = `assay_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_TEST_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestStorage {
  readonly repo: Repository;
  /** Where the data lives: a SQLite file or a PostgreSQL URL. */
  readonly location: string;
  /** Closes the repository and removes the database. */
  close(): Promise<void>;
}

/** A fresh, empty repository on the backend; SQLite's file goes in `dataDir` when given (the caller removes it). */
export async function openTestStorage(backend: Backend, clock: Clock, dataDir?: string, writes?: BatchObserver): Promise<TestStorage> {
  if (backend === 'sqlite') {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'assay-repo-'));
    const file = join(dir, DATABASE_FILE);
    const repo = await openSqliteRepository(file, () => clock.now(), writes);
    return {
      repo,
      location: file,
      async close() {
        await repo.close();
        if (!dataDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (PG_TEST_URL === undefined) throw new Error('ASSAY_TEST_DATABASE_URL is not set: no PostgreSQL server to test against');
  const db = await freshPgDatabase();
  const repo = await openPgRepository({ url: db.url, poolSize: 10, statementTimeoutMs: 30_000, clock, waitMs: 0, writes });
  return {
    repo,
    location: db.url,
    async close() {
      await repo.close();
      await db.drop();
    },
  };
}
