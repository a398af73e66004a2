// The one place errors become responses: typed errors map to their status and SPEC §2 body;
// body-parser failures (and json-body.ts's, of the same `type`) to 413/422; anything else is logged and answered as a bare 500.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestLog } from './request-logger.ts';
import { AssayError, BadRequestError, NotFoundError, PayloadTooLargeError, RequestValidationError } from '../../shared/errors.ts';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

function fromBodyParser(err: BodyParserError, limitBytes: number): AssayError | null {
  switch (err.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(limitBytes);
    case 'entity.parse.failed':
      return new RequestValidationError([{ loc: ['body'], msg: 'JSON decode error: the body is not valid JSON', type: 'json_invalid' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new RequestValidationError([{ loc: ['body'], msg: 'Unsupported body encoding or charset; send UTF-8 JSON', type: 'value_error' }]);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new RequestValidationError([{ loc: ['body'], msg: 'The body could not be read', type: 'value_error' }]);
    default:
      // Other client errors raised by Express itself (a URL parameter that is not valid
      // percent-encoding, say) carry a 4xx status; their messages are not passed on.
      if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return new BadRequestError('Malformed request');
      return null;
  }
}

export function notFoundHandler(): (req: Request, res: Response, next: NextFunction) => void {
  return (_req, _res, next) => next(new NotFoundError());
}

/** Renders a known error as an HTML page for requests that want one (console pages); undefined otherwise. */
export type HtmlErrorPage = (req: Request, err: AssayError) => string | undefined;

export function errorHandler(deps: { logger: Logger; bodyLimitBytes: number; htmlPage?: HtmlErrorPage }) {
  // Express recognises error middleware by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = err instanceof AssayError ? err : err instanceof Error ? fromBodyParser(err as BodyParserError, deps.bodyLimitBytes) : null;
    const log = requestLog(res, deps.logger);
    if (res.headersSent) {
      log.error({ err }, 'error after the response started');
      req.socket.destroy();
      return;
    }
    if (known) {
      if (known.retryAfterSeconds !== undefined) res.set('Retry-After', String(known.retryAfterSeconds));
      const html = deps.htmlPage?.(req, known);
      if (html !== undefined) {
        res.status(known.status).type('html').send(html);
        return;
      }
      res.status(known.status).json({ detail: known.detail, code: known.code });
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json({ detail: 'Internal server error', code: 'internal_error' });
  };
}
