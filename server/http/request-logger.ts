// One log line per request: id, method, path (no query string), status, duration, workspace.
// Headers and bodies are never logged, so keys and document content cannot leak here.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthContext } from '../auth/api-key-auth.ts';

export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const reqId = randomUUID();
    const log = logger.child({ req_id: reqId });
    res.locals.log = log;
    res.set('X-Request-Id', reqId);
    res.on('finish', () => {
      const auth = res.locals.auth as AuthContext | undefined;
      log.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          workspace: auth?.workspace.name,
          key_prefix: auth?.key.prefix,
        },
        'request',
      );
    });
    next();
  };
}
