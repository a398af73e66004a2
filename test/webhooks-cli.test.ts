// `assay webhooks …` over a temp data directory: add (secret once, on the last stdout line),
// list, update, deliveries, retry, remove; refused URLs and bad arguments.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli-runner.ts';
import { manualClock } from './helpers/test-server.ts';

const clock = manualClock();
let dir: string;
let dataDir: string;
let env: Record<string, string>;
const cli = (...argv: string[]) => runCli(argv, { dataDir, clock, env });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-webhooks-cli-'));
  dataDir = join(dir, 'data');
  env = {};
  expect((await cli('init')).code).toBe(0);
  expect((await cli('workspaces', 'create', 'acme')).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('assay webhooks', () => {
  it('refuses a loopback URL unless server.webhooks.allow_private', async () => {
    const refused = await cli('webhooks', 'add', '--workspace', 'acme', '--url', 'http://127.0.0.1:9/x', '--events', 'asset.classified');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Private, loopback and link-local addresses are refused/);
    expect(refused.stdout).toBe('');
    expect(JSON.parse((await cli('webhooks', 'list', '--workspace', 'acme', '--json')).stdout)).toEqual([]);
  });

  it('adds, lists, updates, shows deliveries, retries and removes', async () => {
    const config = join(dir, 'assay.yaml');
    writeFileSync(config, 'server:\n  webhooks:\n    allow_private: true\n');
    env = { ASSAY_CONFIG: config };
    const added = await cli('webhooks', 'add', '--workspace', 'acme', '--url', 'http://127.0.0.1:9/x', '--events', 'asset.classified,asset.removed', '--min-level', '1');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^whsec_[A-Za-z0-9_-]{43}\n$/);
    expect(added.stderr).toMatch(/created webhook 1 in workspace acme/);
    const listed = await cli('webhooks', 'list', '--workspace', 'acme');
    expect(listed.stdout).toMatch(/^ID\s+ENABLED\s+EVENTS\s+MIN LEVEL\s+URL\n1\s+yes\s+asset\.classified,asset\.removed\s+1\s+http:\/\/127\.0\.0\.1:9\/x\n$/);
    expect(listed.stdout).not.toContain('whsec_');

    const updated = await cli('webhooks', 'update', '--workspace', 'acme', '1', '--min-level', 'none', '--disable');
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse((await cli('webhooks', 'list', '--workspace', 'acme', '--json')).stdout)[0]).toMatchObject({ enabled: false, min_level: null });
    await cli('webhooks', 'update', '--workspace', 'acme', '1', '--enable');

    // A classification through the CLI queues a delivery (this process sends nothing).
    const content = join(dir, 'c.txt');
    writeFileSync(content, 'Payment to IBAN DE89370400440532013000');
    expect((await cli('add', '--workspace', 'acme', '--name', 'x.txt', '--content-file', content)).code).toBe(0);
    const deliveries = JSON.parse((await cli('webhooks', 'deliveries', '--workspace', 'acme', '1', '--json')).stdout) as { id: number; status: string; event_type: string; attempt_count: number }[];
    expect(deliveries).toMatchObject([{ event_type: 'asset.classified', status: 'pending', attempt_count: 0 }]);
    const table = await cli('webhooks', 'deliveries', '--workspace', 'acme', '1');
    expect(table.stdout).toMatch(/asset\.classified\s+pending\s+0\s+-\s+-/);
    const retried = await cli('webhooks', 'retry', '--workspace', 'acme', '1', String(deliveries[0]!.id));
    expect(retried).toMatchObject({ code: 0, stdout: `delivery ${deliveries[0]!.id} (asset.classified) queued to be sent again\n` });
    const missing = await cli('webhooks', 'retry', '--workspace', 'acme', '1', '999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/delivery "1\/999" does not exist/);

    expect((await cli('webhooks', 'remove', '--workspace', 'acme', '1')).code).toBe(0);
    const again = await cli('webhooks', 'remove', '--workspace', 'acme', '1');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/webhook "1" does not exist/);
  });

  it('refuses bad arguments with usage and exit 2', async () => {
    for (const argv of [
      ['webhooks', 'add', '--url', 'http://x.example/', '--events', 'asset.classified'],
      ['webhooks', 'add', '--workspace', 'acme', '--events', 'asset.classified'],
      ['webhooks', 'add', '--workspace', 'acme', '--url', 'http://x.example/', '--events', 'asset.classified', '--min-level', 'high'],
      ['webhooks', 'update', '--workspace', 'acme', '1'],
      ['webhooks', 'update', '--workspace', 'acme', '1', '--enable', '--disable'],
      ['webhooks', 'retry', '--workspace', 'acme', '1'],
      ['webhooks', 'deliveries', '--workspace', 'acme', '1', '--limit', '0'],
      ['webhooks', 'frobnicate', '--workspace', 'acme'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/Usage: assay/);
    }
    const badEvent = await cli('webhooks', 'add', '--workspace', 'acme', '--url', 'http://x.example/', '--events', 'asset.deleted');
    expect(badEvent.code).toBe(1);
    expect(badEvent.stderr).toMatch(/events\.0: Input should be/);
  });
});
