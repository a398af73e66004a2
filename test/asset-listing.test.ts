// GET /assets: newest first, q literal and case-insensitive, source filter, Link paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

type AssetOut = { id: number; name: string; source: string; classified_at: string };
let t: TestServer;
let key: string;
const clock = manualClock();
const NAMES = ['Report_Q1.pdf', 'report%q2.pdf', "o'brien.docx", 'REPORTQ3.PDF', 'Überweisung-Müller.xlsx', 'a_b.txt', 'ab.txt', 'naïve "quoted" name.md'];

beforeAll(async () => {
  t = await startTestServer({ clock });
  key = await t.workspaceWithKey('acme');
  for (const [i, name] of NAMES.entries()) {
    await call(`${t.api}/classify`, { key, json: { name, source: i % 2 === 0 ? 'api' : 'agent' } });
    if (i % 3 !== 2) clock.advance(1000); // some share a timestamp: the id breaks the tie
  }
});
afterAll(() => t.close());

const list = async (qs: string) => {
  const res = await call(`${t.api}/assets?${qs}`, { key });
  expect(res.status, qs).toBe(200);
  return res.body as AssetOut[];
};

describe('GET /api/v1/assets', () => {
  it('lists newest first by classified_at, then id', async () => {
    const all = await list('limit=500');
    expect(all.map((a) => a.name)).toEqual([...NAMES].reverse());
    for (let i = 1; i < all.length; i++) {
      const [p, c] = [all[i - 1]!, all[i]!];
      expect(p.classified_at > c.classified_at || (p.classified_at === c.classified_at && p.id > c.id)).toBe(true);
    }
  });

  it('defaults to 50 and sends no Link when everything fits', async () => {
    const res = await call(`${t.api}/assets`, { key });
    expect((res.body as unknown[]).length).toBe(NAMES.length);
    expect(res.headers.get('link')).toBeNull();
  });

  it('q is case-insensitive and literal: % and _ are not wildcards', async () => {
    expect((await list('q=report')).map((a) => a.name).sort()).toEqual(['REPORTQ3.PDF', 'Report_Q1.pdf', 'report%q2.pdf'].sort());
    expect((await list(`q=${encodeURIComponent('%')}`)).map((a) => a.name)).toEqual(['report%q2.pdf']);
    expect((await list(`q=${encodeURIComponent('t%q')}`)).map((a) => a.name)).toEqual(['report%q2.pdf']);
    expect((await list('q=_')).map((a) => a.name).sort()).toEqual(['Report_Q1.pdf', 'a_b.txt'].sort());
    expect((await list('q=a_b')).map((a) => a.name)).toEqual(['a_b.txt']);
    expect((await list(`q=${encodeURIComponent("o'b")}`)).map((a) => a.name)).toEqual(["o'brien.docx"]);
    expect((await list(`q=${encodeURIComponent('"quoted"')}`)).map((a) => a.name)).toEqual(['naïve "quoted" name.md']);
    expect((await list(`q=${encodeURIComponent('üBERWEISUNG-mÜLLER')}`)).map((a) => a.name)).toEqual(['Überweisung-Müller.xlsx']);
    expect(await list('q=zzz')).toEqual([]);
  });

  it('filters by source', async () => {
    const agent = await list('source=agent');
    expect(agent.length).toBe(4);
    expect(agent.every((a) => a.source === 'agent')).toBe(true);
    expect(await list('source=csv')).toEqual([]);
    expect((await list('source=api&q=report')).map((a) => a.name)).toEqual(['Report_Q1.pdf']);
    expect((await list('source=agent&q=report')).map((a) => a.name)).toEqual(['REPORTQ3.PDF', 'report%q2.pdf']);
  });

  it('walks every page through Link rel="next" without gaps or duplicates', async () => {
    for (const limit of [1, 2, 3, 7]) {
      const seen: string[] = [];
      let url: string | null = `${t.api}/assets?limit=${limit}`;
      let pages = 0;
      while (url) {
        const res = await call(url, { key });
        expect(res.status).toBe(200);
        const page = res.body as AssetOut[];
        expect(page.length).toBeLessThanOrEqual(limit);
        seen.push(...page.map((a) => a.name));
        const link = res.headers.get('link');
        url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
        if (url) expect(url.startsWith('/api/v1/assets?')).toBe(true);
        if (url) url = `${t.url}${url}`;
        pages++;
      }
      expect(seen).toEqual([...NAMES].reverse());
      expect(pages).toBe(Math.ceil(NAMES.length / limit));
    }
  });

  it('keeps q and source on the next link', async () => {
    const res = await call(`${t.api}/assets?q=report&source=agent&limit=1`, { key });
    const next = new URL(/^<([^>]+)>/.exec(res.headers.get('link')!)![1]!, t.url);
    expect(next.searchParams.get('q')).toBe('report');
    expect(next.searchParams.get('source')).toBe('agent');
    expect(next.searchParams.get('limit')).toBe('1');
    const second = await call(next.toString(), { key });
    expect((second.body as AssetOut[]).map((a) => a.name)).toEqual(['report%q2.pdf']);
    expect(second.headers.get('link')).toBeNull();
  });
});

// Above 2,000 trigram matches the listing walks the newest-first index with LIKE (and the index
// itself for names with non-ASCII characters) instead of sorting the matches: both ways must
// return exactly what a case-insensitive substring search returns, in order, across pages.
describe('GET /api/v1/assets?q= with many matches', () => {
  let bulkKey: string;
  let allNames: { name: string; source: string }[];

  beforeAll(async () => {
    bulkKey = await t.workspaceWithKey('bulk');
    // Written through the repository (either backend), concurrently so group commit batches them.
    const ws = (await t.repo.getWorkspaceByName('bulk'))!;
    const label = { name: 'Public', level: 0, color: '#22c55e' };
    const prefixes = ['Common_Report-', 'common_report-', 'Müller COMMON report ', 'other '];
    const rows = Array.from({ length: 4400 }, (_, i) => {
      const n = i + 1;
      const mark = n % 500 === 0 ? 'RareMark-' : n % 500 === 1 ? 'Rärémark-' : '';
      const source: 'api' | 'agent' = n % 5 === 0 ? 'api' : 'agent';
      const classified_at = new Date((1767225600 + Math.floor(n / 3)) * 1000).toISOString().slice(0, 19);
      return { n, source, name: `${prefixes[n % 4]}${mark}${n}.txt`, classified_at };
    });
    const saved = await Promise.all(
      rows.map((r) => t.repo.saveClassification(ws.id, { source: r.source, name: r.name, asset_type: 'document', label, matched_rules: [], findings: [], classified_at: r.classified_at })),
    );
    for (const r of rows.filter((r) => r.n % 97 === 0)) await t.repo.markAssetRemoved(ws.id, r.source, r.name, '2026-06-01T00:00:00');
    allNames = rows
      .map((r, i) => ({ ...r, id: saved[i]!.asset.id }))
      .filter((r) => r.n % 97 !== 0)
      .sort((a, b) => (a.classified_at === b.classified_at ? b.id - a.id : a.classified_at < b.classified_at ? 1 : -1))
      .map(({ name, source }) => ({ name, source }));
  });

  const walk = async (qs: string, limit: number) => {
    const names: string[] = [];
    let url: string | null = `${t.api}/assets?${qs}&limit=${limit}`;
    while (url) {
      const res = await call(url, { key: bulkKey });
      expect(res.status, url).toBe(200);
      names.push(...(res.body as AssetOut[]).map((a) => a.name));
      const link = res.headers.get('link');
      url = link ? `${t.url}${/^<([^>]+)>; rel="next"$/.exec(link)![1]!}` : null;
    }
    return names;
  };
  const expected = (q: string, source?: string) =>
    allNames.filter((a) => a.name.toLowerCase().includes(q.toLowerCase()) && (source === undefined || a.source === source)).map((a) => a.name);

  it('returns every match, newest first, whether the term is common or rare', async () => {
    expect(expected('common').length).toBeGreaterThan(2000);
    expect(await walk('q=COMMON', 500)).toEqual(expected('common'));
    // _ is literal: 'Müller COMMON report' must not match.
    expect(expected('n_r').length).toBeGreaterThan(2000);
    expect(await walk(`q=${encodeURIComponent('N_R')}`, 500)).toEqual(expected('n_r'));
    expect(await walk('q=raremark', 2)).toEqual(expected('raremark'));
    expect(await walk(`q=${encodeURIComponent('MÜLLER')}`, 500)).toEqual(expected('müller'));
    expect(await walk(`q=${encodeURIComponent('rärémark')}`, 5)).toEqual(expected('rärémark'));
    expect(await walk('q=nowhere', 50)).toEqual([]);
  });

  it('combines a common term with the source filter and the cursor', async () => {
    expect(await walk('q=report&source=api', 150)).toEqual(expected('report', 'api'));
    expect(expected('report', 'api').length).toBeGreaterThan(300);
  });
});
