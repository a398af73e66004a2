// Re-classifying the same (source, name) keeps the id and appends to the label history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
const clock = manualClock();
beforeAll(async () => {
  t = await startTestServer({ clock });
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

describe('re-classification', () => {
  it('updates in place and records every classification in the history', async () => {
    const first = (await call(`${t.api}/classify`, { key, json: { name: 'plan.docx', content: 'lunch' } })).body as { id: number };
    clock.advance(60_000);
    const second = (await call(`${t.api}/classify`, { key, json: { name: 'plan.docx', content: 'Strictly confidential' } })).body as { id: number };
    clock.advance(60_000);
    const third = (await call(`${t.api}/classify`, { key, json: { name: 'plan.docx', content: 'AKIAABCDEFGHIJKLMNOP' } })).body as { id: number };
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);

    const list = (await call(`${t.api}/assets?q=plan.docx`, { key })).body as unknown[];
    expect(list.length).toBe(1);
    const detail = (await call(`${t.api}/assets/${first.id}`, { key })).body as {
      label: { name: string };
      classified_at: string;
      history: { label: { name: string }; matched_rules: string; classified_at: string }[];
    };
    expect(detail.label.name).toBe('Restricted');
    expect(detail.classified_at).toBe('2026-06-12T08:32:00');
    expect(detail.history.map((h) => [h.label.name, h.matched_rules, h.classified_at])).toEqual([
      ['Restricted', 'Credentials', '2026-06-12T08:32:00'],
      ['Confidential', 'Marked confidential', '2026-06-12T08:31:00'],
      ['Public', '', '2026-06-12T08:30:00'],
    ]);
    expect((await t.repo.getWorkspaceByName('acme'))!.asset_count).toBe(1);
  });

  it('gives every concurrently created asset exactly one history entry (group commit)', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `batch/${i}.txt`);
    const created: { id: number }[] = [];
    for (let i = 0; i < names.length; i += 12) {
      const answers = await Promise.all(names.slice(i, i + 12).map((name) => call(`${t.api}/classify`, { key, json: { name, content: 'Confidential' } })));
      created.push(...answers.map((a) => a.body as { id: number }));
    }
    expect(new Set(created.map((a) => a.id)).size).toBe(60);
    for (const a of created) {
      const detail = (await call(`${t.api}/assets/${a.id}`, { key })).body as { history: unknown[] };
      expect(detail.history).toHaveLength(1);
    }
  });

  it('treats the same name from another source as another asset', async () => {
    const api = (await call(`${t.api}/classify`, { key, json: { name: 'same.txt' } })).body as { id: number };
    const agent = (await call(`${t.api}/classify`, { key, json: { name: 'same.txt', source: 'agent' } })).body as { id: number };
    expect(agent.id).not.toBe(api.id);
  });
});
