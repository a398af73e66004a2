// The scan's fast path: a file is passed over without processing only when its fingerprint,
// status and rules version say processing would find it unchanged; anything else is processed.
import { execFileSync } from 'node:child_process';
import { lstatSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unchangedFiles } from '../agent/scan/unchanged-files.ts';
import { saveClassified, saveUnparseable } from '../agent/state/file-records.ts';
import { openStateDb } from '../agent/state/state-db.ts';
import { cleanupAfterEach } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();

const fingerprint = (path: string) => {
  const st = lstatSync(path);
  return { dev: st.dev, ino: st.ino, size: st.size, mtime_ms: st.mtimeMs };
};

describe('scan: unchanged files', () => {
  it('passes over only files whose record says processing would find them unchanged', async () => {
    const dir = cleanup.dir('tree');
    const db = cleanup.track(await openStateDb(cleanup.dir('state')));
    const now = new Date().toISOString();
    const classified = (rules: string) => ({ format: 'text', content_hash: 'h', truncated: false, rules_version: rules, label: 'Public', matched_rules: [], now });
    const file = (name: string) => {
      const p = join(dir, name);
      writeFileSync(p, `text of ${name}`);
      return p;
    };
    const same = file('same.txt');
    await saveClassified(db, same, fingerprint(same), classified('v2'));
    const oldRules = file('old-rules.txt');
    await saveClassified(db, oldRules, fingerprint(oldRules), classified('v1'));
    const touched = file('touched.txt');
    await saveClassified(db, touched, fingerprint(touched), classified('v2'));
    const t = statSync(touched).mtime;
    utimesSync(touched, t, new Date(t.getTime() + 5000));
    const grown = file('grown.txt');
    await saveClassified(db, grown, fingerprint(grown), classified('v2'));
    writeFileSync(grown, 'longer text than before');
    const broken = file('broken.txt');
    await saveUnparseable(db, broken, fingerprint(broken), { format: 'text', reason: 'corrupt: bad', retryOnScan: false, now });
    const unreadable = file('unreadable.txt');
    await saveUnparseable(db, unreadable, fingerprint(unreadable), { format: 'text', reason: 'unreadable: EACCES', retryOnScan: true, now });
    const gone = file('gone.txt');
    await saveClassified(db, gone, fingerprint(gone), classified('v2'));
    unlinkSync(gone);
    const fresh = file('new.txt');
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    await saveClassified(db, fifo, fingerprint(fifo), classified('v2'));
    const link = join(dir, 'link.txt');
    symlinkSync(same, link);
    await saveClassified(db, link, fingerprint(link), classified('v2'));

    const all = [same, oldRules, touched, grown, broken, unreadable, gone, fresh, fifo, link];
    expect([...(await unchangedFiles(db, all, 'v2'))].sort()).toEqual([broken, same].sort());
    // Before any rules are loaded only unparseable files can be passed over.
    expect([...(await unchangedFiles(db, all, null))]).toEqual([broken]);
    expect([...(await unchangedFiles(db, [], 'v2'))]).toEqual([]);
    // More files than one query takes.
    const many = Array.from({ length: 1203 }, (_, i) => file(`many-${i}.txt`));
    for (const p of many.filter((_, i) => i % 2 === 0)) await saveClassified(db, p, fingerprint(p), classified('v2'));
    expect((await unchangedFiles(db, many, 'v2')).size).toBe(602);
  });
});
