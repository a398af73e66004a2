// What `assay agent status` and agent.status() report, read from the state database (so that it
// works from another process while the daemon runs), and its plain-text rendering.
import type { Queryable } from '../../lib/sqlite-database.ts';
import { extensionOf } from '../../extract/formats.ts';
import type { DeliveryState } from '../delivery/delivery-loop.ts';
import type { ScanProgress } from '../scan/scan-progress.ts';
import { readMeta } from '../state/agent-meta.ts';
import { type OutboxSummary, summarise } from '../state/outbox.ts';

export interface FailureLine {
  readonly path: string;
  readonly kind: 'unparseable' | 'delivery';
  readonly reason: string;
}

/** Files not classified, by why: a failure code, or `unsupported` for types no enabled extractor reads. */
export interface SkippedGroup {
  readonly reason: string;
  readonly count: number;
  /** The most frequent extensions in the group, most first. */
  readonly top_extensions: readonly { readonly ext: string; readonly count: number }[];
}

export interface AgentStatus {
  readonly files: { readonly tracked: number; readonly classified: number; readonly unparseable: number; readonly delivery_errors: number; readonly delivered: number };
  /** Unparseable files by failure code (from the index), and, from the last scan, files of types not read. */
  readonly skipped: readonly SkippedGroup[];
  readonly outbox: OutboxSummary;
  readonly last_sync: { at: string; path: string; kind: string } | null;
  readonly delivery: DeliveryState | null;
  readonly scan: ScanProgress | null;
  readonly rules: { version: string; fetched_at: string; rules: number } | null;
  /** The most recent failures, newest first. */
  readonly failures: readonly FailureLine[];
  readonly watcher?: string;
}

const FAILURES_SHOWN = 20;
const TOP_EXTENSIONS = 5;

/** Unparseable files grouped by failure code (the reason is stored as `code: reason`). */
async function unparseableGroups(db: Queryable): Promise<SkippedGroup[]> {
  const rows = await db.all<{ path: string; reason: string | null }>("SELECT path, reason FROM files WHERE status = 'unparseable'");
  const groups = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const code = (r.reason ?? '').split(':')[0] || 'unknown';
    const byExt = groups.get(code) ?? new Map<string, number>();
    const ext = extensionOf(r.path);
    byExt.set(ext, (byExt.get(ext) ?? 0) + 1);
    groups.set(code, byExt);
  }
  return [...groups]
    .map(([reason, byExt]) => ({
      reason,
      count: [...byExt.values()].reduce((a, b) => a + b, 0),
      top_extensions: [...byExt].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_EXTENSIONS).map(([ext, count]) => ({ ext, count })),
    }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export async function readAgentStatus(db: Queryable): Promise<AgentStatus> {
  const counts = await db.get<{ tracked: number; classified: number | null; unparseable: number | null; delivery_errors: number | null; delivered: number | null }>(
    `SELECT COUNT(*) AS tracked,
       SUM(status = 'classified') AS classified,
       SUM(status = 'unparseable') AS unparseable,
       SUM(delivery_error IS NOT NULL) AS delivery_errors,
       SUM(delivered_at IS NOT NULL) AS delivered
     FROM files`,
  );
  const failures = await db.all<FailureLine>(
    `SELECT path, CASE WHEN status = 'unparseable' THEN 'unparseable' ELSE 'delivery' END AS kind,
       COALESCE(CASE WHEN status = 'unparseable' THEN reason END, delivery_error) AS reason
     FROM files WHERE status = 'unparseable' OR delivery_error IS NOT NULL
     ORDER BY updated_at DESC, path LIMIT ?`,
    [FAILURES_SHOWN],
  );
  const scan = await readMeta<ScanProgress>(db, 'scan');
  return {
    skipped: [...(await unparseableGroups(db)), ...(scan && scan.skipped > 0 ? [{ reason: 'unsupported', count: scan.skipped, top_extensions: scan.skipped_top }] : [])],
    files: {
      tracked: counts?.tracked ?? 0,
      classified: counts?.classified ?? 0,
      unparseable: counts?.unparseable ?? 0,
      delivery_errors: counts?.delivery_errors ?? 0,
      delivered: counts?.delivered ?? 0,
    },
    outbox: await summarise(db),
    last_sync: await readMeta(db, 'last_sync'),
    delivery: await readMeta(db, 'delivery'),
    scan,
    rules: await readMeta(db, 'rules'),
    failures,
  };
}

function scanLine(s: ScanProgress): string {
  const eta = s.state === 'running' && s.eta_s !== null ? `, ETA ${s.eta_s}s${s.walking ? '+' : ''}` : '';
  const when = s.state === 'running' ? `since ${s.started_at}` : `${s.state} ${s.finished_at ?? ''}`;
  return `${s.trigger} scan ${when}: ${s.found} found, ${s.done} done, ${s.failed} failed, ${s.removed} removed, ${s.rate}/s${eta}${s.unreadable_dirs ? `, ${s.unreadable_dirs} unreadable folders` : ''}`;
}

export function formatAgentStatus(s: AgentStatus): string {
  const lines = [
    `files tracked:      ${s.files.tracked} (${s.files.classified} classified, ${s.files.unparseable} unparseable, ${s.files.delivered} acknowledged by the server)`,
    `outbox:             ${s.outbox.depth} waiting (${s.outbox.classify} classifications, ${s.outbox.remove} removals)`,
    `oldest undelivered: ${s.outbox.oldest ? `${s.outbox.oldest.created_at} ${s.outbox.oldest.kind} ${s.outbox.oldest.path} (${s.outbox.oldest.attempts} attempts${s.outbox.oldest.last_error ? `, last error: ${s.outbox.oldest.last_error}` : ''})` : '-'}`,
    `last sync:          ${s.last_sync ? `${s.last_sync.at} (${s.last_sync.kind} ${s.last_sync.path})` : 'never'}`,
    `delivery:           ${s.delivery ? `${s.delivery.status}${s.delivery.reason ? ` since ${s.delivery.since}: ${s.delivery.reason}` : ''}` : '-'}`,
    `rules:              ${s.rules ? `version ${s.rules.version}, ${s.rules.rules} rules, fetched ${s.rules.fetched_at}` : 'none yet'}`,
    `scan:               ${s.scan ? scanLine(s.scan) : 'none yet'}`,
    ...(s.watcher ? [`watching:           ${s.watcher}`] : []),
    `skipped:            ${s.skipped.length === 0 ? 'none' : s.skipped.map((g) => `${g.count} ${g.reason} (${g.top_extensions.map((e) => `${e.ext ? `.${e.ext}` : 'no extension'} ${e.count}`).join(', ')})`).join('; ')}`,
    `failures:           ${s.files.unparseable} unparseable, ${s.files.delivery_errors} refused by the server`,
    ...s.failures.map((f) => `  ${f.kind === 'unparseable' ? 'unparseable' : 'refused    '}  ${f.path}: ${f.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
