// `npm run soak [-- --seconds N]`: a bounded soak of the real server (a child process) on
// loopback. Four submitters (by default), each one request at a time (new files,
// re-classifications, removals, realistic paths and contents; a real agent keeps up to 16 open,
// its delivery round, so four agents are more like --submitters 64); readers list with q and
// paging, read asset details, and fetch the rules with their ETag. Reports throughput, errors (must be 0), the server's RSS over time
// with a growth-trend verdict, and checks at the end that every acknowledged write is in the
// database as the last acknowledgement left it. Exits 1 on any error, loss or growth.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../server/server-process.ts';
import { provisionKey } from '../test/helpers/agent-process.ts';
import { freePort, spawnAssay } from '../test/helpers/assay-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { httpCall } from './processes.ts';
import { growthVerdict } from './rss-trend.ts';
import { type Random, seededRandom } from '../bench/seeded-random.ts';
import { integrityCheck, queryFile } from './sqlite-check.ts';
import { documentText, documentPath } from './soak-documents.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '180' },
    submitters: { type: 'string', default: '4' },
    readers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(values.seconds);
const SUBMITTERS = Number(values.submitters);
const READERS = Number(values.readers);
if (!(SECONDS > 0) || !(SUBMITTERS >= 1) || !(READERS >= 0)) {
  process.stderr.write('usage: npm run soak [-- --seconds N] [--submitters N] [--readers N] [--seed N]\n');
  process.exit(2);
}
const SAMPLE_MS = Math.max(1000, Math.min(5000, (SECONDS * 1000) / 30));
const out = (line: string) => process.stdout.write(`${line}\n`);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface OpStats {
  count: number;
  errors: number;
  latencies: number[];
}

const stats = new Map<string, OpStats>();
const errorSamples: string[] = [];
function record(op: string, ok: boolean, ms: number, detail: string): void {
  const s = stats.get(op) ?? { count: 0, errors: 0, latencies: [] };
  s.count++;
  s.latencies.push(ms);
  if (!ok) {
    s.errors++;
    if (errorSamples.length < 10) errorSamples.push(`${op}: ${detail}`);
  }
  stats.set(op, s);
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const dataDir = mkdtempSync(join(tmpdir(), 'assay-soak-'));
const key = await provisionKey(dataDir, 'soak');
const port = await freePort();
// Default log level (info): one JSON line per request, as in production; read and counted, not kept.
const server = spawnAssay(['server', '--port', String(port), '--data-dir', dataDir], {}, { keepLogs: false });
// Never leave the server behind, whatever happens to this script.
process.on('exit', () => server.child.kill('SIGKILL'));
const api = `http://127.0.0.1:${port}/api/v1`;
await waitFor(async () => (await httpCall(`http://127.0.0.1:${port}/healthz`, { key })).status === 200, 'the server to start', 30_000, 100);
const pid = server.child.pid!;
out(`soak: server pid ${pid} on 127.0.0.1:${port}, ${SECONDS} s, ${SUBMITTERS} submitters, ${READERS} readers`);

const samples: Array<{ t: number; rss: number }> = [];
const t0 = Date.now();
const sample = () => samples.push({ t: (Date.now() - t0) / 1000, rss: rssMiB(pid) });
sample();
out(`  t=   0 s  rss ${samples[0]!.rss.toFixed(1)} MiB`);
let lastPrinted = 0;
const sampler = setInterval(() => {
  sample();
  const s = samples[samples.length - 1]!;
  if (s.t - lastPrinted >= 15) {
    lastPrinted = s.t;
    const total = [...stats.values()].reduce((a, b) => a + b.count, 0);
    out(`  t=${s.t.toFixed(0).padStart(4)} s  rss ${s.rss.toFixed(1)} MiB  requests ${total}  errors ${[...stats.values()].reduce((a, b) => a + b.errors, 0)}`);
  }
}, SAMPLE_MS);

const deadline = t0 + SECONDS * 1000;
/** Per asset name, what the last acknowledged write left: removed or not. */
const expected = new Map<string, { removed: boolean }>();
const knownIds: number[] = [];

async function timed<T extends { status: number; error?: string; body: unknown }>(op: string, ok: (r: T) => boolean, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const res = await call();
  const good = ok(res);
  record(op, good, performance.now() - started, `${res.status} ${res.error ?? String(JSON.stringify(res.body)).slice(0, 200)}`);
  return res;
}

async function submitter(index: number, rnd: Random): Promise<void> {
  const host = `fileserver-${index + 1}`;
  const mine: string[] = [];
  let n = 0;
  while (Date.now() < deadline) {
    const roll = rnd.next();
    if (roll < 0.6 || mine.length < 20) {
      const name = `${host}:${documentPath(rnd, n++)}`;
      const res = await timed('classify (new)', (r) => r.status === 201, () => httpCall(`${api}/classify`, { key, json: { name, asset_type: 'document', content: documentText(rnd), source: 'agent' } }));
      if (res.status === 201) {
        mine.push(name);
        expected.set(name, { removed: false });
        knownIds.push((res.body as { id: number }).id);
      }
    } else if (roll < 0.85) {
      const name = rnd.pick(mine);
      const res = await timed('classify (again)', (r) => r.status === 201, () => httpCall(`${api}/classify`, { key, json: { name, asset_type: 'document', content: documentText(rnd), source: 'agent' } }));
      if (res.status === 201) expected.set(name, { removed: false });
    } else {
      const name = rnd.pick(mine);
      const res = await timed('removal', (r) => r.status === 200, () => httpCall(`${api}/assets/removals`, { key, json: { name, source: 'agent' } }));
      if (res.status === 200) expected.set(name, { removed: true });
    }
  }
}

const FRAGMENTS = ['finance', 'hr', 'contract', 'report', '2026', 'invoice', '.pdf', 'legal/', 'fileserver-2', 'q3', 'salar', 'zz-no-match'];

async function reader(rnd: Random): Promise<void> {
  let etag: string | null = null;
  while (Date.now() < deadline) {
    const roll = rnd.next();
    if (roll < 0.5) {
      let url: string | null = `${api}/assets?q=${encodeURIComponent(rnd.pick(FRAGMENTS))}&limit=${rnd.pick([10, 50, 200])}${rnd.next() < 0.2 ? '&status=all' : ''}`;
      for (let page = 0; page < 3 && url; page++) {
        const res = await timed('list (q, paged)', (r) => r.status === 200 && Array.isArray(r.body), () => httpCall(url!, { key }));
        const link = res.headers?.get('link');
        url = link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
      }
    } else if (roll < 0.8) {
      if (knownIds.length === 0) {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      const id = rnd.pick(knownIds);
      await timed('asset detail', (r) => r.status === 200 && (r.body as { id: number }).id === id, () => httpCall(`${api}/assets/${id}`, { key }));
    } else {
      const res = await timed(
        'rules (ETag)',
        (r) => r.status === 200 || (r.status === 304 && etag !== null),
        () => httpCall(`${api}/rules`, { key, ...(etag ? { headers: { 'If-None-Match': etag } } : {}) }),
      );
      etag = res.headers?.get('etag') ?? etag;
    }
  }
}

const base = Number(values.seed);
await Promise.all([
  ...Array.from({ length: SUBMITTERS }, (_, i) => submitter(i, seededRandom(base * 1000 + i))),
  ...Array.from({ length: READERS }, (_, i) => reader(seededRandom(base * 1000 + 100 + i))),
]);
clearInterval(sampler);
sample();
const elapsed = (Date.now() - t0) / 1000;

// Every acknowledged write is in the database as the last acknowledgement left it.
const dbFile = join(dataDir, DATABASE_FILE);
const rows = await queryFile<{ name: string; removed_at: string | null }>(dbFile, "SELECT name, removed_at FROM assets WHERE source = 'agent'");
const stored = new Map(rows.map((r) => [r.name, r]));
let lost = 0;
for (const [name, want] of expected) {
  const row = stored.get(name);
  if (!row || (row.removed_at !== null) !== want.removed) lost++;
}
const integrity = await integrityCheck(dbFile);
const [count] = await queryFile<{ asset_count: number; rows: number }>(dbFile, 'SELECT asset_count, (SELECT count(*) FROM assets) AS rows FROM workspaces');
await server.kill('SIGTERM');
const serverErrors = server.errorLines();

const total = [...stats.values()].reduce((a, b) => a + b.count, 0);
const errors = [...stats.values()].reduce((a, b) => a + b.errors, 0);
out(`\nrequests ${total} in ${elapsed.toFixed(1)} s = ${(total / elapsed).toFixed(0)} req/s; errors ${errors}; server error log lines ${serverErrors}`);
for (const [op, s] of stats) {
  out(`  ${op.padEnd(18)} ${String(s.count).padStart(7)}  ${(s.count / elapsed).toFixed(1).padStart(7)}/s  p50 ${percentile(s.latencies, 50).toFixed(1)} ms  p99 ${percentile(s.latencies, 99).toFixed(1)} ms  errors ${s.errors}`);
}
for (const e of errorSamples) out(`  error: ${e}`);
const trend = growthVerdict(samples);
const first = samples[0]!;
const last = samples[samples.length - 1]!;
out(`server RSS: start ${first.rss.toFixed(1)} MiB, peak ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MiB, end ${last.rss.toFixed(1)} MiB (${samples.length} samples)`);
out(`RSS trend over the second half: ${trend.slopeMiBPerMin >= 0 ? '+' : ''}${trend.slopeMiBPerMin.toFixed(2)} MiB/min → ${trend.growing ? 'GROWING' : 'flat'} (${trend.reason})`);
out(`database: integrity_check ${integrity}; asset_count ${count?.asset_count} = rows ${count?.rows}; acknowledged assets ${expected.size}, lost ${lost}`);
rmSync(dataDir, { recursive: true, force: true });
const ok = errors === 0 && serverErrors === 0 && lost === 0 && integrity === 'ok' && count?.asset_count === count?.rows && !trend.growing;
out(ok ? 'soak: PASS' : 'soak: FAIL');
process.exitCode = ok ? 0 : 1;
