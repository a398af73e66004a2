// The pino logger: JSON lines, or readable lines (pino-pretty) for a person at a terminal, with the
// fields that could carry secrets or document text redacted in case a caller ever logs an object
// holding them (redaction happens before either format).
import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export const REDACTED_PATHS = ['key', 'api_key', 'content', 'text', '*.key', '*.api_key', '*.content', '*.text', 'headers["x-api-key"]', '*.headers["x-api-key"]'];

/** `auto` (the config default) is pretty on a terminal and JSON otherwise (journald, pipes, files). */
export function resolveLogFormat(format: 'auto' | 'json' | 'pretty', stdoutIsTty: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'pretty' : 'json';
}

export function createLogger(opts: { level: string; name?: string; destination?: DestinationStream; format?: 'json' | 'pretty'; colors?: boolean }): Logger {
  const options = { level: opts.level, name: opts.name ?? 'assay', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } };
  if (opts.format === 'pretty') {
    // In-process (no worker thread), so a line is out before the process exits or prints its banner.
    const stream = pretty({ colorize: opts.colors ?? false, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', destination: opts.destination ?? 1 });
    return pino(options, stream);
  }
  return pino(options, opts.destination ?? pino.destination({ fd: 1, sync: false }));
}
