// One log line per request: id, method, path (no query string), status, duration, workspace, key
// prefix, and which reader read the body (json-body.ts).
// Headers and bodies are never logged, so keys and document content cannot leak here.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthContext } from '../auth/api-key-auth.ts';
import { bodyReaderOf } from './json-body.ts';

/** A logger whose lines carry the request's id, for the rare lines besides the request line. */
export function requestLog(res: Response, logger: Logger): Logger {
  const reqId = res.locals.reqId as string | undefined;
  return reqId === undefined ? logger : logger.child({ req_id: reqId });
}

export function requestLogger(logger: Logger) {
  // The request line holds only the fields written below, none of which the logger's redaction
  // paths (lib/logger.ts) name, at any depth: its logger skips the redaction pass, which costs
  // about 10 µs a line (four times the rest of the line) for wildcard paths over every field.
  const lines = logger.child({}, { redact: [] });
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const reqId = randomUUID();
    // No child logger per request: building one costs more than the line itself.
    res.locals.reqId = reqId;
    res.setHeader('X-Request-Id', reqId);
    res.on('finish', () => {
      const auth = res.locals.auth as AuthContext | undefined;
      lines.info(
        {
          req_id: reqId,
          method: req.method,
          // The full path (originalUrl: inside a mounted router req.path is relative), never the query.
          path: req.originalUrl.split('?', 1)[0],
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          workspace: auth?.workspace.name,
          key_prefix: auth?.key.prefix,
          // Which reader read the body (json-body.ts, BodyReaderName); absent when none did.
          reader: bodyReaderOf(res),
        },
        'request',
      );
    });
    next();
  };
}
