// A JSON request body's bytes to a value, as body-parser's json() with `strict: false` reads a
// UTF-8 body: the UTF-8 BOM is dropped and an empty body is `{}`. Used by the server's body reader
// and by the classification worker, which parses a large POST /classify/preview body itself
// (classify-protocol.ts, ClassifyBody), so both read a body alike.
import { isAscii } from 'node:buffer';

/** The parsed body; throws SyntaxError when it is not JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A body of ASCII bytes (the usual one) decodes as Latin-1 to the same text, at about half the
  // cost of UTF-8 decoding.
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const text = isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8', bom ? 3 : 0);
  if (text.length === 0) return {};
  return JSON.parse(text) as unknown;
}
