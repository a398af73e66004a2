// A delivery round's answers are recorded in one statement: each tracked path gets its own
// answer and its local record comes back under its path; untracked paths are not in the map.
import { describe, expect, it } from 'vitest';
import { getFile, recordAllDelivered, saveClassified, saveUnparseable } from '../agent/state/file-records.ts';
import { openStateDb } from '../agent/state/state-db.ts';
import { cleanupAfterEach } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();

describe('agent state: delivered answers', () => {
  it('records each answer on its own path and returns the local records by path', async () => {
    const db = cleanup.track(await openStateDb(cleanup.dir('state')));
    const now = '2026-11-30T09:00:00.000Z';
    const fp = (ino: number) => ({ dev: 1, ino, size: 10, mtime_ms: 1 });
    await saveClassified(db, '/srv/a.txt', fp(1), { format: 'text', content_hash: 'ha', truncated: false, rules_version: 'v1', label: 'Confidential', matched_rules: ['Card'], now });
    await saveClassified(db, '/srv/b.txt', fp(2), { format: 'text', content_hash: 'hb', truncated: false, rules_version: 'v1', label: 'Public', matched_rules: [], now });
    await saveUnparseable(db, '/srv/c.pdf', fp(3), { format: 'pdf', reason: 'corrupt: bad xref', retryOnScan: false, now });

    const at = '2026-11-30T09:01:00.000Z';
    // As the delivery loop records them: in a write transaction (db.all alone reads).
    const records = await db.transaction((tx) =>
      recordAllDelivered(
        tx,
        [
          { path: '/srv/b.txt', label: 'Public', matched_rules: '', content_hash: 'hb' },
          { path: '/srv/gone.txt', label: 'Public', matched_rules: '', content_hash: 'hg' },
          { path: '/srv/c.pdf', label: 'Unreadable', matched_rules: '', content_hash: null },
          { path: '/srv/a.txt', label: 'Confidential', matched_rules: 'Card', content_hash: 'ha' },
        ],
        at,
      ),
    );
    expect(records).toEqual(
      new Map([
        ['/srv/b.txt', { status: 'classified', content_hash: 'hb', label: 'Public', matched_rules: '[]' }],
        ['/srv/c.pdf', { status: 'unparseable', content_hash: null, label: null, matched_rules: null }],
        ['/srv/a.txt', { status: 'classified', content_hash: 'ha', label: 'Confidential', matched_rules: '["Card"]' }],
      ]),
    );
    const a = await getFile(db, '/srv/a.txt');
    expect(a).toMatchObject({ delivered_at: at, delivered_label: 'Confidential', delivered_rules: 'Card', delivered_hash: 'ha', delivery_error: null });
    const b = await getFile(db, '/srv/b.txt');
    expect(b).toMatchObject({ delivered_at: at, delivered_label: 'Public', delivered_rules: '', delivered_hash: 'hb', delivery_error: null });
    const c = await getFile(db, '/srv/c.pdf');
    expect(c).toMatchObject({ delivered_at: at, delivered_label: 'Unreadable', delivered_rules: '', delivered_hash: null });
    expect(await getFile(db, '/srv/gone.txt')).toBeUndefined();
    expect(await db.transaction((tx) => recordAllDelivered(tx, [], at))).toEqual(new Map());
  });
});
