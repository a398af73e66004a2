// A webhook receiver for tests: node:http on loopback (port 0 unless one is given) that records
// every request with its raw body and answers as the test scripts it, and the verification
// recipes of docs/webhooks.md run as written (Node and Python child processes).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: { id: string; type: string; asset: { id: number; name: string; label: { name: string; level: number } } } & Record<string, unknown>;
}

/** The status to answer the n-th request (0-based) with, or 'hang' to never answer. */
export type Answer = (n: number, req: ReceivedRequest) => number | 'hang';

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(answer: Answer = () => 200, port = 0): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const received = { headers: req.headers, body, event: JSON.parse(body) as ReceivedRequest['event'] };
      const status = answer(requests.length, received);
      requests.push(received);
      if (status === 'hang') return void hanging.push(res);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks/assay`,
    port: actual,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const run = promisify(execFile);
const WEBHOOKS_DOC = new URL('../../docs/webhooks.md', import.meta.url);

/** The first fenced block of this language in docs/webhooks.md. */
export function docRecipe(lang: 'js' | 'python'): string {
  const doc = readFileSync(WEBHOOKS_DOC, 'utf8');
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(doc);
  if (!match) throw new Error(`docs/webhooks.md has no ${lang} block`);
  return match[1]!;
}

/**
 * Runs the documented Node and Python recipes on a received body and signature header; returns
 * what each said. `nowSeconds` replaces the clock (to test the replay window).
 */
export async function verifyWithRecipes(body: string, header: string, secret: string, nowSeconds?: number): Promise<{ node: boolean; python: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'assay-recipe-'));
  try {
    writeFileSync(join(dir, 'body.bin'), body);
    writeFileSync(join(dir, 'verify.mjs'), docRecipe('js'));
    writeFileSync(join(dir, 'verify.py'), docRecipe('python'));
    const env = { ...process.env, SIG: header, SECRET: secret, NOW: nowSeconds === undefined ? '' : String(nowSeconds) };
    const node = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { verifyAssaySignature } from ${JSON.stringify(join(dir, 'verify.mjs'))}; import { readFileSync } from 'node:fs'; const now = process.env.NOW ? Number(process.env.NOW) : undefined; console.log(verifyAssaySignature(readFileSync(${JSON.stringify(join(dir, 'body.bin'))}), process.env.SIG, process.env.SECRET, now));`],
      { env },
    );
    const python = await run(
      'python3',
      ['-c', `import os, sys; sys.path.insert(0, ${JSON.stringify(dir)}); from verify import verify_assay_signature; now = float(os.environ["NOW"]) if os.environ["NOW"] else None; print(verify_assay_signature(open(${JSON.stringify(join(dir, 'body.bin'))}, "rb").read(), os.environ["SIG"], os.environ["SECRET"], now))`],
      { env },
    );
    return { node: node.stdout.trim() === 'true', python: python.stdout.trim() === 'True' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
