// HTTP client for the server's API (node:http over a private keep-alive pool that close()
// destroys). Every answer becomes an outcome the delivery loop acts on; nothing throws.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { parseRetryAfter } from './backoff.ts';

export type ApiOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown; readonly etag: string | null }
  | { readonly kind: 'not_modified'; readonly status: 304 }
  /** Transient: network error, timeout, 408, 429, 5xx. */
  | { readonly kind: 'retry'; readonly status: number | null; readonly retryAfterMs: number | null; readonly reason: string }
  /** 401 / 403: the key is refused or the workspace suspended. */
  | { readonly kind: 'auth'; readonly status: number; readonly reason: string }
  /** 402: plan inactive or asset quota reached. */
  | { readonly kind: 'quota'; readonly status: number; readonly retryAfterMs: number | null; readonly reason: string }
  /** 400, 413, 422 and other 4xx: this request will never be accepted as it is. */
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string };

export interface ApiClient {
  classify(body: string): Promise<ApiOutcome>;
  /** POST /assets/removals; a 404 (the server never had it) counts as done. */
  remove(body: string): Promise<ApiOutcome>;
  getJson(path: '/rules' | '/labels' | '/allowlist' | `/triage?host=${string}`, etag: string | null): Promise<ApiOutcome>;
  /** PUT /agents/{id}: the agent's heartbeat report. */
  report(agentId: string, body: string): Promise<ApiOutcome>;
  /** Aborts requests in flight and closes pooled connections. Idempotent. */
  close(): void;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_REASON_CHARS = 300;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The `detail` of an error body as one line (field locations and messages; never request content). */
export function errorReason(status: number, text: string): string {
  let reason = `HTTP ${status}`;
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    if (typeof detail === 'string') reason = `${reason}: ${detail}`;
    else if (Array.isArray(detail)) {
      const parts = detail.map((d: { loc?: unknown; msg?: unknown }) => `${Array.isArray(d.loc) ? d.loc.join('.') : '?'}: ${String(d.msg ?? '')}`);
      reason = `${reason}: ${parts.join('; ')}`;
    }
  } catch {
    // not JSON: the status alone
  }
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

export function outcomeOf(res: RawResponse, opts: { notFoundIsDone: boolean; nowMs: number }): ApiOutcome {
  const { status } = res;
  const retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'), opts.nowMs);
  if (status === 304) return { kind: 'not_modified', status: 304 };
  if ((status >= 200 && status < 300) || (status === 404 && opts.notFoundIsDone)) {
    let body: unknown = null;
    try {
      body = res.text ? JSON.parse(res.text) : null;
    } catch {
      body = null;
    }
    return { kind: 'ok', status, body, etag: header(res.headers, 'etag') };
  }
  const reason = errorReason(status, res.text);
  if (status === 401 || status === 403) return { kind: 'auth', status, reason };
  if (status === 402) return { kind: 'quota', status, retryAfterMs, reason };
  if (status === 408 || status === 429 || status >= 500 || status === 404) return { kind: 'retry', status, retryAfterMs, reason };
  return { kind: 'rejected', status, reason };
}

export function createApiClient(opts: {
  serverUrl: string;
  apiKey: string;
  timeoutMs: number;
  userAgent: string;
  /** Extra CA certificates (PEM) trusted for https, beside the system's. */
  caCertificates?: string | null;
  /** Requests sent at once (the keep-alive pool's sockets); more wait for a socket. */
  connections: number;
  now?: () => number;
}): ApiClient {
  const base = new URL(opts.serverUrl.endsWith('/') ? opts.serverUrl : `${opts.serverUrl}/`);
  const https = base.protocol === 'https:';
  const maxSockets = opts.connections;
  const pool = https ? new HttpsAgent({ keepAlive: true, maxSockets, ...(opts.caCertificates ? { ca: [...rootCertificates, opts.caCertificates] } : {}) }) : new HttpAgent({ keepAlive: true, maxSockets });
  const inFlight = new Set<{ destroy(err?: Error): void }>();
  const now = opts.now ?? Date.now;
  let closed = false;

  function send(method: string, path: string, body: string | null, extra: Record<string, string> = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      if (closed) return reject(new Error('client closed'));
      const url = new URL(`api/v1${path}`, base);
      const headers: Record<string, string> = { 'X-API-Key': opts.apiKey, Accept: 'application/json', 'User-Agent': opts.userAgent, ...extra };
      if (body !== null) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = (https ? httpsRequest : httpRequest)(url, { method, headers, agent: pool }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      inFlight.add(req);
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      req.on('error', reject);
      req.on('close', () => inFlight.delete(req));
      req.end(body ?? undefined);
    });
  }

  async function call(method: string, path: string, body: string | null, o: { notFoundIsDone: boolean; headers?: Record<string, string> }): Promise<ApiOutcome> {
    try {
      return outcomeOf(await send(method, path, body, o.headers), { notFoundIsDone: o.notFoundIsDone, nowMs: now() });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { kind: 'retry', status: null, retryAfterMs: null, reason: e.code ? `${e.code}: ${e.message}` : e.message };
    }
  }

  return {
    classify: (body) => call('POST', '/classify', body, { notFoundIsDone: false }),
    remove: (body) => call('POST', '/assets/removals', body, { notFoundIsDone: true }),
    report: (agentId, body) => call('PUT', `/agents/${encodeURIComponent(agentId)}`, body, { notFoundIsDone: false }),
    getJson: (path, etag) => call('GET', path, null, { notFoundIsDone: false, headers: etag ? { 'If-None-Match': etag } : {} }),
    close() {
      if (closed) return;
      closed = true;
      for (const req of inFlight) req.destroy(new Error('client closed'));
      pool.destroy();
    },
  };
}
