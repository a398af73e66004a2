// POST /csv-imports: the body is the CSV file (source `csv`). The answer is NDJSON: progress
// lines while rows are classified, then one result line with the per-row failures (or an error
// line when the import breaks off after the answer has started).
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { CsvImportLine } from '../../shared/api/admin-schemas.ts';
import { AssayError, RequestValidationError } from '../../shared/errors.ts';
import { authOf } from '../auth/api-key-auth.ts';
import { requestLog } from '../http/request-logger.ts';
import type { ClassificationService } from '../services/classification-service.ts';
import { type AuditTrail, csvImportChanges } from '../services/audit-trail.ts';
import { importCsvText } from '../services/csv-import.ts';
import { requestOrigin } from './request-origin.ts';

/** CSV rows between two progress lines of an upload. */
const PROGRESS_EVERY_ROWS = 25;

export function csvUploadRoute(deps: { logger: Logger; classifier: ClassificationService; audit: AuditTrail; bodyLimitBytes: number; maxContentChars: number }) {
  const { classifier } = deps;
  const csvBody = express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'], limit: deps.bodyLimitBytes });
  const handler = async (req: Request, res: Response): Promise<void> => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new RequestValidationError([{ loc: ['body'], msg: 'Send the CSV file as the body with Content-Type: text/csv', type: 'missing' }]);
    }
    let started = false;
    const write = (line: CsvImportLine) => {
      if (!started) {
        started = true;
        res.status(200).type('application/x-ndjson');
      }
      res.write(`${JSON.stringify(line)}\n`);
    };
    let rows = 0;
    const workspace = authOf(res).workspace;
    try {
      const result = await importCsvText({
        text: req.body,
        workspace,
        classifier,
        maxContentChars: deps.maxContentChars,
        onProgress: (p) => {
          if (++rows % PROGRESS_EVERY_ROWS === 0) write({ type: 'progress', done: p.done, failed: p.failed, bytes_read: p.bytesRead, total_bytes: p.totalBytes });
        },
      });
      await deps.audit.record({ workspace_id: workspace.id, action: 'csv.imported', ...requestOrigin(req, res), target: null, changes: { ...csvImportChanges(result), bytes: req.body.length } });
      write({ type: 'result', done: result.done, failed: [...result.failed] });
      res.end();
    } catch (err) {
      if (!started) throw err;
      const known = err instanceof AssayError ? err : undefined;
      if (!known) requestLog(res, deps.logger).error({ err }, 'CSV import failed');
      write({ type: 'error', detail: known ? known.message : 'Internal server error', code: known ? known.code : 'internal_error' });
      res.end();
    }
  };
  return [csvBody, handler] as const;
}
