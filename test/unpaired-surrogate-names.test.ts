// Names with an unpaired surrogate ("\ud800" in JSON) are refused at the boundary: SQLite and
// PostgreSQL store text as UTF-8, where it becomes U+FFFD, so the stored asset would be another
// name than the one asked for. Before, such a name reached the group commit, whose upsert came
// back under the other name, and every classification in the same write batch — other clients',
// other workspaces' — failed with a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const UNPAIRED = 'bad\ud800name.txt';

let t: TestServer;
let key: string;
let otherKey: string;
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
  otherKey = await t.workspaceWithKey('other');
});
afterAll(() => t.close());

const refusedName = (loc: (string | number)[]) => ({
  detail: [{ loc, msg: 'String should be well-formed Unicode (no unpaired surrogate)', type: 'value_error' }],
  code: 'validation_error',
});

describe('a name with an unpaired surrogate', () => {
  it('is refused with 422, and the classifications sent with it are written', async () => {
    const good = Array.from({ length: 12 }, (_, i) => call(`${t.api}/classify`, { key, json: { name: `good-${i}.txt`, content: 'IBAN DE89370400440532013000' } }));
    const bad = call(`${t.api}/classify`, { key: otherKey, json: { name: UNPAIRED, content: 'hello' } });
    const [refused, ...written] = await Promise.all([bad, ...good]);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(refusedName(['body', 'name']));
    expect(written.map((r) => r.status)).toEqual(written.map(() => 201));
    const list = await call(`${t.api}/assets?limit=100`, { key });
    expect((list.body as { name: string }[]).map((a) => a.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `good-${i}.txt`).sort());
    const other = await call(`${t.api}/assets`, { key: otherKey });
    expect(other.body).toEqual([]);
  });

  it('is refused in asset_type and unreadable too, and a lone low surrogate as well', async () => {
    const typed = await call(`${t.api}/classify`, { key, json: { name: 'typed.txt', asset_type: 'doc\udc00' } });
    expect(typed.status).toBe(422);
    expect(typed.body).toEqual(refusedName(['body', 'asset_type']));
    const unreadable = await call(`${t.api}/classify`, { key, json: { name: 'locked.pdf', unreadable: 'encrypted: \udfff' } });
    expect(unreadable.body).toEqual(refusedName(['body', 'unreadable']));
    const low = await call(`${t.api}/classify`, { key, json: { name: '\udc00' } });
    expect(low.body).toEqual(refusedName(['body', 'name']));
  });

  it('is refused by the preview, on the large-body path as on the small one', async () => {
    for (const content of ['short', 'x'.repeat(100 * 1024)]) {
      const res = await call(`${t.api}/classify/preview`, { key, json: { name: UNPAIRED, content } });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(refusedName(['body', 'name']));
    }
  });

  it('is refused by a removal, which would otherwise mark the U+FFFD asset removed', async () => {
    const replaced = 'bad\ufffdname.txt';
    expect((await call(`${t.api}/classify`, { key, json: { name: replaced } })).status).toBe(201);
    const res = await call(`${t.api}/assets/removals`, { key, json: { name: UNPAIRED } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(refusedName(['body', 'name']));
    const list = (await call(`${t.api}/assets?limit=100`, { key })).body as { name: string; removed_at: string | null }[];
    expect(list.find((a) => a.name === replaced)?.removed_at).toBeNull();
  });

  it('leaves paired surrogates and unpaired ones in the content alone', async () => {
    const res = await call(`${t.api}/classify`, { key, json: { name: 'emoji-\ud83d\ude00.txt', content: 'Confidential \ud800 text' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'emoji-\ud83d\ude00.txt', label: { name: 'Confidential' } });
  });
});
