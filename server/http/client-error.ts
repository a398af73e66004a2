// Requests Node's HTTP parser rejects before Express sees them (headers too large, invalid
// characters in a header, a malformed request line) still get a SPEC §2 JSON body, not an empty
// or plain-text answer.
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

interface ParserError extends Error {
  code?: string;
}

function response(status: number, reason: string, detail: string, code: string): string {
  const body = JSON.stringify({ detail, code });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** A `clientError` listener for node:http's Server. */
export function clientErrorHandler(logger: Logger): (err: ParserError, socket: Duplex) => void {
  return (err, socket) => {
    // Only the parser's error code is logged: the raw request may carry a key or content.
    logger.debug({ code: err.code }, 'malformed request refused');
    // A reset connection has nobody left to answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      socket.end(response(431, 'Request Header Fields Too Large', 'Request headers are larger than the server accepts', 'headers_too_large'));
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end(response(408, 'Request Timeout', 'The request was not received in time', 'request_timeout'));
      return;
    }
    socket.end(response(400, 'Bad Request', 'Malformed HTTP request', 'bad_request'));
  };
}
