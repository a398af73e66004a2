// A delivery round takes the oldest due outbox items up to a count and a total of body bytes,
// always at least the first item however large, and never an item not yet due.
import { describe, expect, it } from 'vitest';
import { dueItems, enqueue, recordAttempt } from '../agent/state/outbox.ts';
import { openStateDb } from '../agent/state/state-db.ts';
import { cleanupAfterEach } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();
const MiB = 1024 * 1024;

describe('agent outbox: a delivery round', () => {
  it('stops at the count or the byte budget, and always takes the first item', async () => {
    const db = cleanup.track(await openStateDb(cleanup.dir('state')));
    // Bodies of 3 MiB, 3 MiB, 1 MiB, 5 MiB and 10 bytes; "é" is two bytes, so the budget counts bytes, not characters.
    const sizes = [3 * MiB, 3 * MiB, MiB, 5 * MiB, 10];
    for (const [i, size] of sizes.entries()) {
      await enqueue(db, { path: `/srv/${i}.txt`, kind: 'classify', name: `${i}.txt`, body: 'é'.repeat(size / 2), content_hash: `h${i}`, created_at: '2026-11-30T09:00:00.000Z' });
    }
    const paths = async (nowMs: number, items: number, bytes: number) => (await dueItems(db, nowMs, { items, bytes })).map((item) => item.path);

    // 3 + 3 + 1 = 7 MiB fit in 8; the fourth would make 12.
    expect(await paths(1, 16, 8 * MiB)).toEqual(['/srv/0.txt', '/srv/1.txt', '/srv/2.txt']);
    // Exactly at the budget still fits.
    expect(await paths(1, 16, 7 * MiB)).toEqual(['/srv/0.txt', '/srv/1.txt', '/srv/2.txt']);
    expect(await paths(1, 16, 7 * MiB - 1)).toEqual(['/srv/0.txt', '/srv/1.txt']);
    // The count stops it first.
    expect(await paths(1, 2, 64 * MiB)).toEqual(['/srv/0.txt', '/srv/1.txt']);
    // A first item larger than the budget goes alone.
    expect(await paths(1, 16, MiB)).toEqual(['/srv/0.txt']);
    // Whole rows come back.
    const [first] = await dueItems(db, 1, { items: 1, bytes: MiB });
    expect(first).toMatchObject({ path: '/srv/0.txt', kind: 'classify', name: '0.txt', content_hash: 'h0', attempts: 0, last_error: null, next_attempt_at: 0 });
    expect(first!.body).toHaveLength(1.5 * MiB);
    expect(Object.keys(first!).sort()).toEqual(['attempts', 'body', 'content_hash', 'created_at', 'id', 'kind', 'last_error', 'name', 'next_attempt_at', 'path']);

    // Items deferred past now are not due: the round starts at the next due one.
    await recordAttempt(db, first!.id, 'HTTP 402', 1000);
    await recordAttempt(db, (await dueItems(db, 1, { items: 1, bytes: MiB }))[0]!.id, 'HTTP 402', 1000);
    expect(await paths(1, 16, 8 * MiB)).toEqual(['/srv/2.txt', '/srv/3.txt', '/srv/4.txt']);
    expect(await paths(1000, 16, 8 * MiB)).toEqual(['/srv/0.txt', '/srv/1.txt', '/srv/2.txt']);
  });
});
