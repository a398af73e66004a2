// Webhooks: POST /api/v1/classify load (4 KB content, new asset per request) on a server with no
// webhook, with one whose receiver answers 200 at once (every classification also writes an
// outbox row, and the loop sends it), and with one whose receiver never answers (each attempt
// holds a slot until timeout_ms): classification should not notice the receiver.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type LoadResult, loadClassify } from './api-bench.ts';
import { assayCli, startAssayServer } from './processes.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

export interface WebhooksBenchResult {
  readonly none: LoadResult;
  /** Events delivered by the end of the load and 5 s after it, of the classifications made (warm-up included). */
  readonly receiver_ok: LoadResult & { readonly classified: number; readonly delivered_by_end: number; readonly delivered_5s_later: number };
  readonly receiver_hangs: LoadResult;
  readonly connections: number;
  readonly seconds: number;
}

async function receiver(hang: boolean): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      if (!hang) res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function scenario(root: string, name: string, content: string, opts: { connections: number; seconds: number }, hook: 'none' | 'ok' | 'hang') {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  const config = join(dataDir, 'assay.yaml');
  writeFileSync(config, 'server:\n  webhooks:\n    allow_private: true\n    poll_interval_ms: 200\n');
  const env = { ASSAY_CONFIG: config };
  assayCli(dataDir, 'init');
  assayCli(dataDir, 'workspaces', 'create', 'bench');
  const key = assayCli(dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'bench').trim().split('\n').pop()!;
  const admin = assayCli(dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'admin', '--role', 'admin').trim().split('\n').pop()!;
  const rx = hook === 'none' ? null : await receiver(hook === 'hang');
  const server = await startAssayServer(dataDir, { env });
  try {
    if (rx) {
      const res = await fetch(`${server.url}/api/v1/admin/webhooks`, { method: 'POST', headers: { 'x-api-key': admin, 'content-type': 'application/json' }, body: JSON.stringify({ url: rx.url, events: ['asset.classified'] }) });
      if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${await res.text()}`);
    }
    const warm = await loadClassify(server.url, key, content, opts.connections, 2);
    const result = await loadClassify(server.url, key, content, opts.connections, opts.seconds);
    const byEnd = rx?.count() ?? 0;
    await new Promise((r) => setTimeout(r, 5000));
    return { result, classified: warm.total + result.total, byEnd, later: rx?.count() ?? 0 };
  } finally {
    await server.stop();
    await rx?.close();
  }
}

export async function runWebhooksBench(opts: { dir: string; seconds: number; connections: number }): Promise<WebhooksBenchResult> {
  const content = generateText(seededRandom(7), 4096).slice(0, 4096);
  const none = await scenario(opts.dir, 'webhooks-none', content, opts, 'none');
  const ok = await scenario(opts.dir, 'webhooks-ok', content, opts, 'ok');
  const hang = await scenario(opts.dir, 'webhooks-hang', content, opts, 'hang');
  return {
    none: none.result,
    receiver_ok: { ...ok.result, classified: ok.classified, delivered_by_end: ok.byEnd, delivered_5s_later: ok.later },
    receiver_hangs: hang.result,
    connections: opts.connections,
    seconds: opts.seconds,
  };
}
