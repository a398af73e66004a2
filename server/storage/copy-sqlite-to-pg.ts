// `assay storage migrate`: copies a SQLite inventory into an empty PostgreSQL database in one
// PostgreSQL transaction, table by table in keyset-paged chunks. The counters (asset counts, the
// dashboard's label and day counts) are not copied: PostgreSQL's triggers rebuild them from the
// copied rows, and the verification compares them with SQLite's, with every table's row count.
import type { Clock } from '../../lib/clock.ts';
import { openSqliteDatabase, type SqliteDatabase } from '../../lib/sqlite-database.ts';
import { ConflictError } from '../../shared/errors.ts';
import { migrate } from './migrations.ts';
import { openPgDatabase, type PgDatabase, type PgQueryable } from './postgres/pg-database.ts';
import { migratePg } from './postgres/pg-migrations.ts';

interface TableCopy {
  readonly table: string;
  /** SQLite query for one chunk: rows with `id` above `?`, ordered by it, at most `?` of them. */
  readonly select: string;
  readonly booleans?: readonly string[];
  readonly buffers?: readonly string[];
  /** Has an identity `id` whose sequence must continue after the copied ids. */
  readonly identity: boolean;
}

const TABLES: readonly TableCopy[] = [
  {
    table: 'workspaces',
    select: 'SELECT id, name, plan, max_assets, suspended, 0 AS asset_count, policy_revision, exclusions, unreadable_label, created_at, allowlist_key FROM workspaces WHERE id > ? ORDER BY id LIMIT ?',
    booleans: ['suspended'],
    identity: true,
  },
  { table: 'api_keys', select: 'SELECT * FROM api_keys WHERE id > ? ORDER BY id LIMIT ?', buffers: ['key_hash'], identity: true },
  { table: 'labels', select: 'SELECT id, workspace_id, name, level, color FROM labels WHERE id > ? ORDER BY id LIMIT ?', identity: false },
  { table: 'rules', select: 'SELECT id, workspace_id, name, priority, enabled, definition, updated_at FROM rules WHERE id > ? ORDER BY id LIMIT ?', booleans: ['enabled'], identity: false },
  { table: 'assets', select: 'SELECT * FROM assets WHERE id > ? ORDER BY id LIMIT ?', identity: true },
  {
    table: 'asset_history',
    select: 'SELECT h.*, a.workspace_id FROM asset_history h JOIN assets a ON a.id = h.asset_id WHERE h.id > ? ORDER BY h.id LIMIT ?',
    identity: true,
  },
  { table: 'asset_dismissals', select: 'SELECT * FROM asset_dismissals WHERE id > ? ORDER BY id LIMIT ?', identity: true },
  { table: 'allowlist_entries', select: 'SELECT * FROM allowlist_entries WHERE id > ? ORDER BY id LIMIT ?', identity: true },
  { table: 'console_sessions', select: 'SELECT * FROM console_sessions WHERE id > ? ORDER BY id LIMIT ?', buffers: ['token_hash'], identity: true },
  { table: 'audit_log', select: 'SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?', identity: true },
  // Webhooks with their secrets, and the outbox as it stands: pending deliveries go out from PostgreSQL.
  { table: 'webhooks', select: 'SELECT * FROM webhooks WHERE id > ? ORDER BY id LIMIT ?', booleans: ['enabled'], identity: true },
  { table: 'webhook_deliveries', select: 'SELECT * FROM webhook_deliveries WHERE id > ? ORDER BY id LIMIT ?', identity: true },
  {
    table: 'webhook_attempts',
    select: 'SELECT t.*, d.workspace_id FROM webhook_attempts t JOIN webhook_deliveries d ON d.id = t.delivery_id WHERE t.id > ? ORDER BY t.id LIMIT ?',
    identity: true,
  },
];

const CHUNK = 2000;

/** What is compared after the copy: [what, SQLite query, PostgreSQL query]; each yields one number. */
const CHECKS: readonly [string, string, string][] = [
  ...TABLES.map((t): [string, string, string] => [t.table, `SELECT count(*) AS n FROM ${t.table}`, `SELECT count(*) AS n FROM ${t.table}`]),
  ['asset_count (sum)', 'SELECT coalesce(sum(asset_count), 0) AS n FROM workspaces', 'SELECT coalesce(sum(asset_count), 0) AS n FROM workspaces'],
  ['label counts (sum)', 'SELECT coalesce(sum(n), 0) AS n FROM asset_label_counts', 'SELECT coalesce(sum(n), 0) AS n FROM asset_label_counts'],
  ['day counts (sum)', 'SELECT coalesce(sum(n), 0) AS n FROM classification_day_counts', 'SELECT coalesce(sum(n), 0) AS n FROM classification_day_counts'],
];

export interface CopyCount {
  readonly what: string;
  readonly sqlite: number;
  readonly postgres: number;
}

function toPgRow(row: Record<string, unknown>, t: TableCopy): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const c of t.booleans ?? []) out[c] = row[c] === 1;
  for (const c of t.buffers ?? []) out[c] = `\\x${(row[c] as Buffer).toString('hex')}`;
  // SQLite rules carry their own id; PostgreSQL's labels and rules are keyed by workspace and name.
  if (!t.identity) delete out.id;
  return out;
}

async function copyTable(source: SqliteDatabase, tx: PgQueryable, t: TableCopy): Promise<void> {
  let last = 0;
  for (;;) {
    const rows = await source.all<Record<string, unknown>>(t.select, [last, CHUNK]);
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id as number;
    const pgRows = rows.map((r) => toPgRow(r, t));
    const columns = Object.keys(pgRows[0]!).join(', ');
    await tx.all(`INSERT INTO ${t.table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(null::${t.table}, $1::jsonb)`, [JSON.stringify(pgRows)]);
  }
  if (t.identity) await tx.all(`SELECT setval(pg_get_serial_sequence('${t.table}', 'id'), greatest((SELECT max(id) FROM ${t.table}), 1))`);
}

async function compare(source: SqliteDatabase, target: PgQueryable): Promise<CopyCount[]> {
  const counts: CopyCount[] = [];
  for (const [what, sqliteSql, pgSql] of CHECKS) {
    const s = (await source.get<{ n: number }>(sqliteSql))!.n;
    const p = (await target.get<{ n: number }>(pgSql))!.n;
    counts.push({ what, sqlite: s, postgres: p });
  }
  return counts;
}

/**
 * Copies the SQLite file (brought up to the current schema first) into the PostgreSQL database,
 * which must hold no workspace. Throws ConflictError when it does, and Error when a count differs
 * (the PostgreSQL transaction is then rolled back: nothing is left half-copied).
 */
export async function copySqliteToPg(opts: { file: string; url: string; clock: Clock }): Promise<CopyCount[]> {
  const source = await openSqliteDatabase(opts.file);
  let target: PgDatabase | undefined;
  try {
    await migrate(source, () => opts.clock.now());
    target = openPgDatabase({ url: opts.url, poolSize: 2, statementTimeoutMs: 3_600_000 });
    await migratePg(target, opts.clock);
    return await target.transaction(async (tx) => {
      if ((await tx.get<{ n: number }>('SELECT count(*) AS n FROM workspaces'))!.n > 0) {
        throw new ConflictError('the PostgreSQL database already holds workspaces; storage migrate copies into an empty database only');
      }
      for (const t of TABLES) await copyTable(source, tx, t);
      const counts = await compare(source, tx);
      const wrong = counts.filter((c) => c.sqlite !== c.postgres);
      if (wrong.length > 0) throw new Error(`copy verification failed (rolled back): ${wrong.map((c) => `${c.what} ${c.sqlite} vs ${c.postgres}`).join('; ')}`);
      return counts;
    });
  } finally {
    await target?.close();
    await source.close();
  }
}
