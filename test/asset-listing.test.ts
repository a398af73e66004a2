// GET /assets: newest first, q literal and case-insensitive, source filter, Link paging.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
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
    const db = await openSqliteDatabase(join(t.dataDir, 'assay.db'));
    try {
      await db.transaction(async (tx) => {
        await tx.run(
          `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 4400)
           INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at)
           SELECT (SELECT id FROM workspaces WHERE name = 'bulk'), CASE WHEN n % 5 = 0 THEN 'api' ELSE 'agent' END,
             CASE n % 4 WHEN 0 THEN 'Common_Report-' WHEN 1 THEN 'common_report-' WHEN 2 THEN 'Müller COMMON report ' ELSE 'other ' END
               || CASE WHEN n % 500 = 0 THEN 'RareMark-' WHEN n % 500 = 1 THEN 'Rärémark-' ELSE '' END || n || '.txt',
             'document', 'Public', 0, '#22c55e', '', '[]',
             strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + n / 3, 'unixepoch'), CASE WHEN n % 97 = 0 THEN '2026-06-01T00:00:00' END
           FROM seq`,
        );
      });
      allNames = await db.all<{ name: string; source: string }>(
        "SELECT name, source FROM assets WHERE workspace_id = (SELECT id FROM workspaces WHERE name = 'bulk') AND removed_at IS NULL ORDER BY classified_at DESC, id DESC",
      );
    } finally {
      await db.close();
    }
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
