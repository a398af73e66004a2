// The per-file index: what the agent last saw of each path (fingerprint, content hash, rules
// version, local result) and what the server last acknowledged for it.
import type { Queryable } from '../../lib/sqlite-database.ts';

export interface Fingerprint {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtime_ms: number;
}

export interface FileRecord extends Fingerprint {
  readonly path: string;
  readonly status: 'classified' | 'unparseable';
  readonly format: string | null;
  readonly reason: string | null;
  /** An unparseable file whose failure may go away without the file changing (permissions, I/O). */
  readonly retry_on_scan: number;
  readonly content_hash: string | null;
  readonly truncated: number;
  readonly rules_version: string | null;
  readonly label: string | null;
  /** JSON array of rule names. */
  readonly matched_rules: string | null;
  readonly classified_at: string | null;
  readonly delivered_at: string | null;
  readonly delivered_label: string | null;
  readonly delivered_rules: string | null;
  readonly delivered_hash: string | null;
  readonly delivery_error: string | null;
  readonly updated_at: string;
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime_ms === b.mtime_ms;
}

export function getFile(db: Queryable, path: string): Promise<FileRecord | undefined> {
  return db.get<FileRecord>('SELECT * FROM files WHERE path = ?', [path]);
}

export async function saveUnparseable(db: Queryable, path: string, fp: Fingerprint, v: { format: string | null; reason: string; retryOnScan: boolean; now: string }): Promise<void> {
  await db.run(
    `INSERT INTO files (path, dev, ino, size, mtime_ms, status, format, reason, retry_on_scan, updated_at)
     VALUES (?, ?, ?, ?, ?, 'unparseable', ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
       mtime_ms = excluded.mtime_ms, status = 'unparseable', format = excluded.format, reason = excluded.reason,
       retry_on_scan = excluded.retry_on_scan, content_hash = NULL, rules_version = NULL, updated_at = excluded.updated_at`,
    [path, fp.dev, fp.ino, fp.size, fp.mtime_ms, v.format, v.reason, v.retryOnScan ? 1 : 0, v.now],
  );
}

export interface ClassifiedValues {
  readonly format: string;
  readonly content_hash: string;
  readonly truncated: boolean;
  readonly rules_version: string;
  readonly label: string;
  readonly matched_rules: readonly string[];
  readonly now: string;
}

export async function saveClassified(db: Queryable, path: string, fp: Fingerprint, v: ClassifiedValues): Promise<void> {
  await db.run(
    `INSERT INTO files (path, dev, ino, size, mtime_ms, status, format, reason, content_hash, truncated, rules_version,
       label, matched_rules, classified_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'classified', ?, NULL, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
       mtime_ms = excluded.mtime_ms, status = 'classified', format = excluded.format, reason = NULL, retry_on_scan = 0,
       content_hash = excluded.content_hash, truncated = excluded.truncated, rules_version = excluded.rules_version,
       label = excluded.label, matched_rules = excluded.matched_rules, classified_at = excluded.classified_at,
       updated_at = excluded.updated_at`,
    [path, fp.dev, fp.ino, fp.size, fp.mtime_ms, v.format, v.content_hash, v.truncated ? 1 : 0, v.rules_version, v.label, JSON.stringify(v.matched_rules), v.now, v.now],
  );
}

/** The file was touched but its text is the same: only the fingerprint moves. */
export async function updateFingerprint(db: Queryable, path: string, fp: Fingerprint, now: string): Promise<void> {
  await db.run('UPDATE files SET dev = ?, ino = ?, size = ?, mtime_ms = ?, updated_at = ? WHERE path = ?', [fp.dev, fp.ino, fp.size, fp.mtime_ms, now, path]);
}

export async function deleteFile(db: Queryable, path: string): Promise<void> {
  await db.run('DELETE FROM files WHERE path = ?', [path]);
}

/** What the agent had recorded locally for a delivered file: its status, content and local result. */
export type DeliveredRecord = Pick<FileRecord, 'status' | 'content_hash' | 'label' | 'matched_rules'>;

/** The server's answer for one path: the label and matched rules it stored for the content with this hash. */
export interface DeliveredAnswer {
  readonly path: string;
  readonly label: string;
  readonly matched_rules: string;
  readonly content_hash: string | null;
}

/**
 * Records the server's answers (no path twice) in one statement and returns, by path, the local
 * record of each path still tracked, read in the same statement. It writes through `db.all`, so
 * call it inside a write transaction (`tx`): on the top-level database `all` reads, on the
 * read-only connection, and fails with SQLITE_READONLY.
 */
export async function recordAllDelivered(db: Queryable, answers: readonly DeliveredAnswer[], now: string): Promise<Map<string, DeliveredRecord>> {
  if (answers.length === 0) return new Map();
  const rows = await db.all<DeliveredRecord & { path: string }>(
    `UPDATE files SET delivered_at = ?, delivered_label = j.value ->> 1, delivered_rules = j.value ->> 2, delivered_hash = j.value ->> 3, delivery_error = NULL
     FROM json_each(?) AS j WHERE files.path = j.value ->> 0 RETURNING path, status, content_hash, label, matched_rules`,
    [now, JSON.stringify(answers.map((a) => [a.path, a.label, a.matched_rules, a.content_hash]))],
  );
  return new Map(rows.map(({ path, ...record }) => [path, record]));
}

export async function recordDeliveryError(db: Queryable, path: string, error: string): Promise<void> {
  await db.run('UPDATE files SET delivery_error = ? WHERE path = ?', [error, path]);
}

/** Tracked paths at or below `dir` (a path-prefix range scan on the primary key). */
export async function pathsUnder(db: Queryable, dir: string): Promise<string[]> {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const rows = await db.all<{ path: string }>('SELECT path FROM files WHERE path >= ? AND path < ? ORDER BY path', [prefix, `${prefix.slice(0, -1)}0`]);
  return rows.map((r) => r.path);
}

export async function allPaths(db: Queryable): Promise<string[]> {
  return (await db.all<{ path: string }>('SELECT path FROM files ORDER BY path')).map((r) => r.path);
}

/** Classified files whose last classification used other rules than `version`. */
export async function pathsWithOtherRules(db: Queryable, version: string): Promise<string[]> {
  const rows = await db.all<{ path: string }>("SELECT path FROM files WHERE status = 'classified' AND rules_version IS NOT ? ORDER BY path", [version]);
  return rows.map((r) => r.path);
}

/** What a scan needs to tell an unchanged file: fingerprint, status and rules version. */
export type ScanRecord = Fingerprint & Pick<FileRecord, 'path' | 'status' | 'retry_on_scan' | 'rules_version'>;

/** The records of `paths` (one folder's files, say) in one query. */
/** Marks classified files as classified under no rules, so the next look at each classifies it again (its triage changed). */
export async function forgetRulesVersion(db: Queryable, paths: readonly string[]): Promise<void> {
  await db.run("UPDATE files SET rules_version = NULL WHERE status = 'classified' AND path IN (SELECT value FROM json_each(?))", [JSON.stringify(paths)]);
}

export function scanRecords(db: Queryable, paths: readonly string[]): Promise<ScanRecord[]> {
  return db.all<ScanRecord>('SELECT path, dev, ino, size, mtime_ms, status, retry_on_scan, rules_version FROM files WHERE path IN (SELECT value FROM json_each(?))', [JSON.stringify(paths)]);
}
