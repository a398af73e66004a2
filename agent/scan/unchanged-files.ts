// The scan's fast path over an unchanged tree: the records of a few hundred files come from one
// query (their lstats run meanwhile), and a regular file whose fingerprint matches its record, classified with the current
// rules (or unparseable and not to be retried), is unchanged: it needs no trip through the
// scheduler, whose stability check and processing would each stat it again and query its record.
// The test is the one processPath (agent/files/file-processor.ts) applies before extracting.
import { lstat } from 'node:fs/promises';
import type { Queryable } from '../../lib/sqlite-database.ts';
import { type ScanRecord, sameFingerprint, scanRecords } from '../state/file-records.ts';

/** Files looked up per query. */
const CHUNK = 500;

function isUnchanged(record: ScanRecord | undefined, st: { isFile(): boolean; dev: number; ino: number; size: number; mtimeMs: number } | null, rulesVersion: string | null): boolean {
  if (record === undefined || st === null || !st.isFile()) return false;
  if (!sameFingerprint(record, { dev: st.dev, ino: st.ino, size: st.size, mtime_ms: st.mtimeMs })) return false;
  if (record.status === 'unparseable') return record.retry_on_scan === 0;
  return record.rules_version !== null && record.rules_version === rulesVersion;
}

/** Those of `paths` that are unchanged since the agent recorded them (see above); the others must be processed. */
export async function unchangedFiles(db: Queryable, paths: readonly string[], rulesVersion: string | null): Promise<Set<string>> {
  const unchanged = new Set<string>();
  for (let i = 0; i < paths.length; i += CHUNK) {
    const chunk = paths.slice(i, i + CHUNK);
    const [rows, stats] = await Promise.all([scanRecords(db, chunk), Promise.all(chunk.map((p) => lstat(p).catch(() => null)))]);
    const records = new Map(rows.map((r) => [r.path, r]));
    chunk.forEach((p, j) => {
      if (isUnchanged(records.get(p), stats[j]!, rulesVersion)) unchanged.add(p);
    });
  }
  return unchanged;
}
