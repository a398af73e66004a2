// Requests Node's HTTP parser refuses before Express sees them (NUL or raw non-ASCII bytes in a
// header or the request line, headers over the size limit, a broken request line) get a SPEC §2
// JSON body too, instead of Node's bare `400 Bad Request` with no body.
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { BadRequestError } from '../../shared/errors.ts';

interface ParserError extends Error {
  code?: string;
}

const DETAILS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'Request headers larger than the limit',
  ERR_HTTP_REQUEST_TIMEOUT: 'Request not received in time',
};

/** A `clientError` listener for node:http's Server: answers with a JSON 400 and closes the connection. */
export function clientErrorHandler(logger: Logger): (err: ParserError, socket: Duplex) => void {
  return (err, socket) => {
    // Only the parser's error code is logged: the raw request may carry a key or content.
    logger.debug({ code: err.code }, 'malformed request refused');
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error = new BadRequestError(DETAILS[err.code ?? ''] ?? 'Malformed request');
    const body = JSON.stringify({ detail: error.detail, code: error.code });
    socket.end(
      `HTTP/1.1 ${error.status} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
