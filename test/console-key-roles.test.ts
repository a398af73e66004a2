// `assay keys create --role admin`: the role is stored, listed, and decides whether the key may
// sign in to the console; keys made without --role (and keys from before roles) are `api` keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite-database.ts';
import { hashApiKey } from '../server/auth/api-key.ts';
import { DATABASE_FILE, openDataDir, startServer } from '../server/server-process.ts';
import { migrate, MIGRATIONS } from '../server/storage/migrations.ts';
import { configSchema } from '../shared/config/config-schema.ts';
import { runCli } from './helpers/cli-runner.ts';
import { call, manualClock } from './helpers/test-server.ts';

const clock = manualClock();
let dir: string;
const cli = (...argv: string[]) => runCli(argv, { dataDir: dir, clock });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-roles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keys create --role', () => {
  it('creates admin and api keys; only the admin key signs in', async () => {
    expect((await cli('init')).code).toBe(0);
    expect((await cli('workspaces', 'create', 'acme')).code).toBe(0);
    const admin = await cli('keys', 'create', '--workspace', 'acme', '--name', 'ops', '--role', 'admin');
    expect(admin.code).toBe(0);
    expect(admin.stderr).toContain('created admin key ops');
    const plain = await cli('keys', 'create', '--workspace', 'acme', '--name', 'app');
    expect(plain.code).toBe(0);
    const bad = await cli('keys', 'create', '--workspace', 'acme', '--name', 'x', '--role', 'root');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role must be "api" or "admin"');

    const listed = JSON.parse((await cli('keys', 'list', '--workspace', 'acme', '--json')).stdout) as { name: string; role: string }[];
    expect(listed.map((k) => [k.name, k.role])).toEqual([
      ['ops', 'admin'],
      ['app', 'api'],
    ]);
    expect((await cli('keys', 'list', '--workspace', 'acme')).stdout).toMatch(/^ops\s+chk_\S+\s+admin\s/m);

    const repo = await openDataDir(dir, clock);
    const config = configSchema.parse({ server: { data_dir: dir, port: 0 } }).server;
    const server = await startServer({ config, logger: pino({ level: 'silent' }), clock, version: 'test', repo });
    try {
      const signIn = (key: string) => call(`${server.url}/api/v1/admin/sessions`, { json: { key } });
      expect((await signIn(admin.stdout.trim())).status).toBe(201);
      expect((await signIn(plain.stdout.trim())).status).toBe(403);
    } finally {
      await server.close();
      await repo.close();
    }
  });
});

describe('migration 5', () => {
  it('gives keys made before roles existed the api role', async () => {
    const file = join(dir, DATABASE_FILE);
    const old = await openSqliteDatabase(file);
    await migrate(old, () => clock.now(), MIGRATIONS.filter((m) => m.version < 5));
    await old.run("INSERT INTO workspaces (name, created_at) VALUES ('acme', '2026-01-01T00:00:00')");
    await old.run("INSERT INTO api_keys (workspace_id, name, prefix, key_hash, created_at) VALUES (1, 'legacy', 'chk_legacy', ?, '2026-01-01T00:00:00')", [
      hashApiKey('chk_legacy'),
    ]);
    await old.close();
    const repo = await openDataDir(dir, clock);
    try {
      expect((await repo.listApiKeys(1)).map((k) => [k.name, k.role])).toEqual([['legacy', 'api']]);
    } finally {
      await repo.close();
    }
  });
});
