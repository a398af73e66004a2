// The server as a child process for the fault and soak runs (`assay server`, resolved once it
// logs that it listens) and a plain HTTP client for them. Spawning, log parsing, free ports, keys
// and agent config files come from test/helpers/ (assay-process.ts, agent-process.ts).
import { type AssayProcess, spawnAssay } from '../test/helpers/assay-process.ts';

export interface ServerProcess extends AssayProcess {
  readonly url: string;
  readonly api: string;
}

/** `assay server` over `dataDir` on `port`; resolves once it listens. */
export async function startServerProcess(dataDir: string, port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const proc = spawnAssay(['server', '--port', String(port), '--data-dir', dataDir], env);
  const line = await Promise.race([
    proc.waitForLog((l) => l.msg === 'server listening', 'the server to listen'),
    proc.exited.then((e) => Promise.reject(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${proc.output().slice(-3000)}`))),
  ]);
  const url = String(line.url);
  return Object.assign(proc, { url, api: `${url}/api/v1` });
}

/** One HTTP call with a JSON body; network failures resolve as status 0. */
export async function httpCall(url: string, opts: { key: string; method?: string; json?: unknown; headers?: Record<string, string>; timeoutMs?: number }): Promise<{ status: number; body: unknown; headers: Headers | null; error?: string }> {
  try {
    const res = await fetch(url, {
      method: opts.method ?? (opts.json === undefined ? 'GET' : 'POST'),
      headers: { 'X-API-Key': opts.key, ...(opts.json === undefined ? {} : { 'Content-Type': 'application/json' }), ...opts.headers },
      body: opts.json === undefined ? null : JSON.stringify(opts.json),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  } catch (err) {
    return { status: 0, body: undefined, headers: null, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
