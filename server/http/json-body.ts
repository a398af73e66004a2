// The API's JSON body reader: the common request (`Content-Type: application/json`, optionally
// `; charset=utf-8`, a Content-Length within the limit, no Content-Encoding) is read into one
// Buffer of that length and parsed with one JSON.parse; every other request (no or another
// content type, another charset, compressed, chunked, over the limit, already read) goes to
// `fallback`, express.json() with the same options. The answer is body-parser's for each body:
// the UTF-8 BOM is dropped, an empty body is `{}`, and failures are errors of body-parser's
// `type`, which error-handler.ts maps to SPEC §2 bodies (test/json-body.test.ts compares both).
// With `rawFromBytes`, such a body of at least that many bytes is kept as its bytes, unparsed
// (rawJsonBytes), for a route that has it parsed elsewhere (POST /classify/preview: in a
// classification worker); `bodyErrorsFirst` then keeps the order of the answers as if it had been
// parsed here.
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { BodyReader } from '../../shared/classify-pool/classify-protocol.ts';
import { parseJsonBytes } from '../../shared/classify-pool/json-body-text.ts';

/** The plain JSON media type, with at most a UTF-8 charset parameter. */
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;
const DECIMAL = /^\d+$/;

/** The requests express.json() parses for the API (its `type` option). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  // JSON media types, and bodies sent with no Content-Type at all, are parsed as JSON; a body
  // declared as something else stays unparsed and fails validation as a missing body.
  return type === undefined || /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

/** A body that could not be read or parsed, with body-parser's `type` and status. */
export class JsonBodyError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'request.aborted' | 'request.size.invalid',
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonBodyError';
  }
}

const sizeMismatch = () => new JsonBodyError('request.size.invalid', 400, 'request size did not match content length');

/** Parses the body as body-parser's json() with `strict: false` does (json-body-text.ts); JsonBodyError when it is not JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return parseJsonBytes(bytes);
  } catch (err) {
    throw new JsonBodyError('entity.parse.failed', 400, err instanceof Error ? err.message : String(err));
  }
}

/** The body's bytes kept unparsed by a reader with `rawFromBytes`, if it kept them. */
export function rawJsonBytes(res: Response): Buffer | undefined {
  return res.locals.rawJsonBytes as Buffer | undefined;
}

/**
 * The key check for a route behind a reader with `rawFromBytes`, answering as if the body had been
 * parsed before the key was checked, as a small body is: when the key is refused, a body kept
 * unparsed is parsed there and then, and one that is not JSON answers its parse error instead; a
 * bad key with such a body is not counted against the address (`withBeforeFail`), as it is not
 * for a small body, which never reaches the key check. What still differs for a good key (it is
 * counted as used before its body is parsed): docs/security.md, "API keys".
 */
export function bodyErrorsFirst(
  auth: { readonly withBeforeFail: (beforeFail: (req: Request, res: Response) => void) => RequestHandler },
  parsedOnApiThread: (why: ApiThreadParse) => void,
): RequestHandler {
  // A body kept unparsed is parsed at most once here: by `beforeFail` when the key is refused
  // after its lookup (it then marks the body as parsed), else by `refused`.
  const parse = (res: Response, bytes: Buffer) => {
    setBodyReader(res, 'json');
    parsedOnApiThread('key_check');
    parseJsonBody(bytes);
  };
  const check = auth.withBeforeFail((_req, res) => {
    const bytes = rawJsonBytes(res);
    if (bytes) {
      parse(res, bytes);
      res.locals.rawJsonParsed = true;
    }
  });
  return (req, res, next) => {
    const bytes = rawJsonBytes(res);
    if (!bytes) return check(req, res, next);
    const refused = (err: unknown) => {
      if (err instanceof JsonBodyError || res.locals.rawJsonParsed === true) return next(err);
      try {
        parse(res, bytes);
      } catch (parseError) {
        next(parseError);
        return;
      }
      next(err);
    };
    try {
      void Promise.resolve(check(req, res, (err?: unknown) => (err === undefined ? next() : refused(err)))).catch(refused);
    } catch (err) {
      refused(err);
    }
  };
}

/**
 * Why a body kept unparsed (`rawFromBytes`) was parsed on the API's thread after all, counted in
 * `assay_preview_api_thread_parses_total`: `key_check` the key check failed, and the body is
 * parsed to answer its 422 first (`bodyErrorsFirst`, once per request); `not_plain` the worker
 * found JSON that is not a plain body, parsed again for the schema (classify-routes.ts).
 */
export type ApiThreadParse = 'key_check' | 'not_plain';

/**
 * Which reader read a request's body, for its log line (request-logger.ts):
 * - `json`: the API's own reader, one JSON.parse on the API's thread (POST /classify, a small
 *   POST /classify/preview body and the other /api/v1 routes' plain JSON bodies; also a large
 *   preview body whose key check failed, parsed there to answer its 422 first);
 * - `express.json`: the fallback (chunked, compressed, another charset or JSON media type),
 *   also when its parse failed;
 * - `worker_fast` / `worker_parse`: a large preview body read in a classification worker by the
 *   name/content reader or by JSON.parse (classify-protocol.ts, BodyReader);
 * - `worker_fast+json` / `worker_parse+json`: the same, for JSON that is not a plain body, which
 *   is then parsed again with JSON.parse on the API's thread for the schema;
 * - `multipart`: POST /classify/file's upload, read by busboy (multipart-upload.ts), also when refused.
 * None when none of these read a body: no body, a body not read in full (413, a size mismatch,
 * an aborted upload), and the /api/v1/admin routes, which read theirs with their own
 * express.json() (server/console/admin-api-routes.ts).
 */
export type BodyReaderName = 'json' | 'express.json' | 'worker_fast' | 'worker_parse' | 'worker_fast+json' | 'worker_parse+json' | 'multipart';

/** The name of a worker's reader (`parsedAgain`: the body was parsed again on the API's thread). */
export function workerReaderName(reader: BodyReader, parsedAgain: boolean): BodyReaderName {
  if (reader === 'fast') return parsedAgain ? 'worker_fast+json' : 'worker_fast';
  return parsedAgain ? 'worker_parse+json' : 'worker_parse';
}

/** Records which reader read the body (the last one wins). */
export function setBodyReader(res: Response, reader: BodyReaderName): void {
  res.locals.bodyReader = reader;
}

/** The reader recorded for this request's body, if any. */
export function bodyReaderOf(res: Response): BodyReaderName | undefined {
  return res.locals.bodyReader as BodyReaderName | undefined;
}

/** Whether express.json() read a body: it sets req.body only when it parsed one, and fails with this type when the body was read but was not JSON. */
function fallbackReadBody(req: Request, err: unknown): boolean {
  return req.body !== undefined || (typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.parse.failed');
}

export function apiJsonBody(deps: {
  readonly limitBytes: number;
  readonly fallback: RequestHandler;
  readonly rawFromBytes?: number | undefined;
}): RequestHandler {
  const { limitBytes, fallback, rawFromBytes = Infinity } = deps;
  // The fallback's answer, with its reader recorded when it read a body.
  const viaFallback = (req: Request, res: Response, next: NextFunction): void => {
    void fallback(req, res, (err?: unknown) => {
      if (fallbackReadBody(req, err)) setBodyReader(res, 'express.json');
      next(err);
    });
  };
  return function readJsonBody(req: Request, res: Response, next: NextFunction): void {
    const { headers } = req;
    const declared = headers['content-length'];
    const type = headers['content-type'];
    if (
      type === undefined ||
      declared === undefined ||
      headers['content-encoding'] !== undefined ||
      headers['transfer-encoding'] !== undefined ||
      !req.readable ||
      !DECIMAL.test(declared) ||
      !PLAIN_JSON.test(type)
    ) {
      viaFallback(req, res, next);
      return;
    }
    const length = Number(declared);
    if (length > limitBytes) {
      viaFallback(req, res, next);
      return;
    }
    const raw = length >= rawFromBytes;
    const bytes = Buffer.allocUnsafe(length);
    let received = 0;
    let done = false;
    const finish = (err: JsonBodyError | null) => {
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      if (err) {
        next(err);
        return;
      }
      if (raw) {
        res.locals.rawJsonBytes = bytes;
        next();
        return;
      }
      setBodyReader(res, 'json');
      try {
        req.body = parseJsonBody(bytes);
      } catch (parseError) {
        next(parseError);
        return;
      }
      next();
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      if (received + chunk.length > length) {
        req.pause();
        finish(sizeMismatch());
        return;
      }
      chunk.copy(bytes, received);
      received += chunk.length;
    };
    const onEnd = () => {
      if (done) return;
      finish(received === length ? null : sizeMismatch());
    };
    // An error or a close before the end: the client went away mid-body.
    const onAborted = () => {
      if (!done) finish(new JsonBodyError('request.aborted', 400, 'request aborted'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  };
}
