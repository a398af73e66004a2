// A JSON answer written straight to the socket, for the hot routes (POST /classify and its
// preview): the bytes and headers res.json() sends with this app's settings (no ETag, no JSON
// replacer or spacing, a 2xx status that a conditional request cannot turn into 304), without
// the work res.json() and res.send() do to find that out on every request.
import type { Response } from 'express';

export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
