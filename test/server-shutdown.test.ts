// SIGTERM under load: the real server process, with classifications in flight, some of whose
// clients have gone away, exits 0 with no error logged, and every classification it answered, or
// whose handler was still running when its client left, is in the database it leaves behind;
// clients that keep sending on keep-alive connections do not hold it open.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import { type AssayProcess, BIN, spawnAssay } from './helpers/assay-process.ts';

let dir: string;
const children: AssayProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_CONFIG: '', ASSAY_DATA_DIR: dir }, encoding: 'utf8' });

describe('server shutdown', () => {
  it('closes cleanly on SIGTERM while classifications are in flight and their clients go away', async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-shutdown-'));
    cli('init');
    cli('workspaces', 'create', 'load');
    const key = cli('keys', 'create', '--workspace', 'load', '--name', 'load').trim().split('\n').pop()!;
    const proc = spawnAssay(['server', '--port', '0'], { ASSAY_DATA_DIR: dir });
    children.push(proc);
    const url = String((await proc.waitForLog((l) => l.msg === 'server listening', '"server listening"')).url);
    const content = 'Confidential: the quarterly figures. '.repeat(100);
    const classify = (name: string, signal?: AbortSignal) =>
      fetch(`${url}/api/v1/classify`, { method: 'POST', signal, headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ name, content }) });

    // Load first, every answer awaited: these must all be kept.
    const answered: string[] = [];
    for (let round = 0; round < 4; round++) {
      const names = Array.from({ length: 16 }, (_, i) => `kept/${round}-${i}.txt`);
      const responses = await Promise.all(names.map((n) => classify(n)));
      for (const [i, r] of responses.entries()) {
        expect(r.status).toBe(201);
        answered.push(names[i]!);
      }
    }
    // Clients that keep sending on their keep-alive connections, through the SIGTERM, until the
    // server is gone: each answered one must be kept, and they must not hold the server open.
    let next = 0;
    const steady = Array.from({ length: 8 }, async () => {
      for (;;) {
        const name = `steady/${next++}.txt`;
        const res = await classify(name).catch(() => null);
        if (res === null) return;
        if (res.status === 201) answered.push(name);
        await res.body?.cancel();
      }
    });
    // Then a burst whose clients leave as soon as the server has the requests, and SIGTERM at once.
    const abort = new AbortController();
    const burst = Array.from({ length: 128 }, (_, i) => classify(`left/${i}.txt`, abort.signal).catch(() => null));
    // Long enough for most of them to reach their handlers (not an assertion: any share will do).
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort();
    await Promise.all(burst);
    const exit = await proc.kill('SIGTERM');
    await Promise.all(steady);

    const errors = proc.logs.filter((l) => Number(l.level) >= 50);
    expect(errors, proc.output().slice(-3000)).toEqual([]);
    expect(proc.output()).not.toMatch(/SQLITE_BUSY|error while shutting down|took too long/);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(proc.logs.some((l) => l.msg === 'server stopped')).toBe(true);

    const db = await openSqliteDatabase(join(dir, 'assay.db'));
    try {
      // A steady request answered with an error after its write committed may be there too.
      const kept = await db.all<{ name: string }>("SELECT name FROM assets WHERE name NOT LIKE 'left/%'");
      expect(kept.map((r) => r.name)).toEqual(expect.arrayContaining(answered));
      expect(answered.length).toBeGreaterThan(64);
    } finally {
      await db.close();
    }
  }, 120_000); // a loaded server process on a shared machine
});
