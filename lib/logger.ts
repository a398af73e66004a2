// The pino logger: JSON lines, with the fields that could carry secrets or document text redacted
// in case a caller ever logs an object holding them.
import { type DestinationStream, type Logger, pino } from 'pino';

export const REDACTED_PATHS = ['key', 'api_key', 'content', 'text', '*.key', '*.api_key', '*.content', '*.text', 'headers["x-api-key"]', '*.headers["x-api-key"]'];

export function createLogger(opts: { level: string; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    { level: opts.level, name: opts.name ?? 'assay', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    opts.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
