// A thin wrapper over a node-postgres pool: queries, transactions retried on serialization
// failures and deadlocks, and connection failures turned into StorageUnavailableError (503 with
// Retry-After) so that a database restart never surfaces as a 500.
import pg from 'pg';
import type { Logger } from 'pino';
import { StorageUnavailableError } from '../../../shared/errors.ts';

export type PgValue = string | number | boolean | null | Buffer;

export interface PgQueryable {
  all<T>(sql: string, params?: readonly PgValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly PgValue[]): Promise<T | undefined>;
}

export interface PgDatabase extends PgQueryable {
  /** Runs `fn` in BEGIN … COMMIT on one pooled connection; rolls back if it throws. */
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
  /** A connection of its own for the caller (advisory locks, LISTEN); release it when done. */
  connect(): Promise<pg.PoolClient>;
  close(): Promise<void>;
}

export interface PgOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly logger?: Logger | undefined;
}

/** Seconds a client is told to wait when the database cannot be reached. */
export const UNAVAILABLE_RETRY_SECONDS = 2;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const RETRIED_CODES = new Set(['40001', '40P01']);

/** Whether the error means the database could not be reached or went away (not a bad query). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(err.message);
}

function unavailable(err: unknown): unknown {
  return isConnectionError(err) ? new StorageUnavailableError(UNAVAILABLE_RETRY_SECONDS, { cause: err }) : err;
}

// int8 (counts, ids) and numeric (sums) as numbers: ids stay far below 2^53.
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function queryable(q: { query: pg.Pool['query'] }): PgQueryable {
  const all = async <T>(sql: string, params: readonly PgValue[] = []): Promise<T[]> => {
    try {
      return (await q.query(sql, params as PgValue[])).rows as T[];
    } catch (err) {
      throw unavailable(err);
    }
  };
  return { all, get: async <T>(sql: string, params?: readonly PgValue[]) => (await all<T>(sql, params))[0] };
}

export function openPgDatabase(options: PgOptions): PgDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
  });
  // An idle connection dropped by a database restart must not crash the process.
  pool.on('error', (err) => options.logger?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost'));
  const direct = queryable(pool);

  async function attempt<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw unavailable(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await fn(queryable(client));
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw unavailable(err);
    } finally {
      client.release(broken);
    }
  }

  return {
    ...direct,
    async transaction(fn) {
      for (let tries = 1; ; tries++) {
        try {
          return await attempt(fn);
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (tries >= 5 || typeof code !== 'string' || !RETRIED_CODES.has(code)) throw err;
        }
      }
    },
    async connect() {
      try {
        return await pool.connect();
      } catch (err) {
        throw unavailable(err);
      }
    },
    close: () => pool.end(),
  };
}
