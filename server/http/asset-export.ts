// GET /assets/export (and the console's export button): every asset that matches the filters of
// GET /assets, streamed as CSV or NDJSON. Memory stays flat whatever the inventory's size: the
// store is read one keyset page at a time, each page is written before the next is read, and the
// loop waits for 'drain' when the socket is full and stops when the client goes away.
import { once } from 'node:events';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Asset, ExportAssetsQuery } from '../../shared/api/schemas.ts';
import type { AssetCursor, AssetQuery } from '../storage/asset-queries.ts';
import type { Repository } from '../storage/repository.ts';
import { csvHeader, csvRow } from './asset-csv.ts';
import { requestLog } from './request-logger.ts';

/** Assets read from the store per query (the page size GET /assets allows at most). */
export const EXPORT_PAGE = 500;

type AssetFilter = Omit<AssetQuery, 'limit' | 'after'>;

/** The store filter of a validated GET /assets (or export) query: the one place that maps them. */
export function assetFilter(query: Omit<ExportAssetsQuery, 'format'>): AssetFilter {
  return { q: query.q, source: query.source, label: query.label, status: query.status, unreadable: query.unreadable };
}

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8; header=present', header: csvHeader, row: csvRow },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', header: () => '', row: (a: Asset) => `${JSON.stringify(a)}\n` },
} as const;

/** `assets-20260612T083000Z.csv`: the time of the export, nothing taken from the request. */
export function exportFileName(now: Date, format: ExportAssetsQuery['format']): string {
  return `assets-${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}.${format}`;
}

/** Resolves true when the socket takes more data, false when the response closed first. */
async function drained(res: Response): Promise<boolean> {
  const ac = new AbortController();
  try {
    const winner = await Promise.race([once(res, 'drain', { signal: ac.signal }).then(() => true), once(res, 'close', { signal: ac.signal }).then(() => false)]);
    return winner;
  } finally {
    ac.abort();
  }
}

export async function streamAssetExport(deps: { repo: Repository; logger: Logger }, res: Response, workspaceId: number, query: ExportAssetsQuery, now: Date): Promise<void> {
  const filter = assetFilter(query);
  const format = FORMATS[query.format];
  const page = (after: AssetCursor | undefined) => deps.repo.listAssets(workspaceId, { ...filter, limit: EXPORT_PAGE, after });
  // The first page is read before anything is sent, so a storage error is still an error answer.
  let rows = await page(undefined);
  let closed = false;
  res.once('close', () => (closed = !res.writableFinished));
  res.status(200).set({
    'Content-Type': format.type,
    'Content-Disposition': `attachment; filename="${exportFileName(now, query.format)}"`,
    'Cache-Control': 'no-store',
  });
  let count = 0;
  let text = format.header();
  for (;;) {
    for (const asset of rows) text += format.row(asset);
    count += rows.length;
    if (!res.write(text) && !(await drained(res))) break;
    text = '';
    if (closed || rows.length < EXPORT_PAGE) break;
    const last = rows[rows.length - 1]!;
    rows = await page({ classified_at: last.classified_at, id: last.id });
    if (closed) break;
  }
  requestLog(res, deps.logger).info({ format: query.format, assets: count, aborted: closed }, 'asset export');
  res.end(); // also when the client went away: shutdown waits for every handler to answer
}
