// Every failure a person can cause from the command line answers with one line saying what is
// wrong (no stack frames), the documented exit status, and nothing created or changed.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAgentCli } from '../agent/cli/agent-cli.ts';
import { VALIDATOR_NAMES } from '../shared/engine/validators/index.ts';
import { BIN, spawnAssay } from './helpers/assay-process.ts';
import { captureOutput, type CliResult, runCli } from './helpers/cli-runner.ts';
import { manualClock } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const clock = manualClock();
let dir: string;
let dataDir: string;
const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { dataDir, clock, env });

async function agentCli(argv: string[]): Promise<CliResult> {
  const output = captureOutput();
  const code = await runAgentCli(argv, { stdout: output.stdout, stderr: output.stderr, env: {} }, { clock, version: 'test', hostname: 'fs01', cwd: dir });
  if (typeof code !== 'number') throw new Error('started a daemon');
  return output.result(code);
}

/** One line on stderr, starting "assay", no stack frame. */
function expectOneLine(r: CliResult, message: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^assay/);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-cli-errors-'));
  dataDir = join(dir, 'data');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a missing database is refused, never created', () => {
  const commands = [
    ['keys', 'list', '--workspace', 'acme'],
    ['workspaces', 'create', 'acme'],
    ['workspaces', 'list'],
    ['labels', 'list', '--workspace', 'acme'],
    ['rules', 'export', '--workspace', 'acme'],
  ];
  for (const argv of commands) {
    it(argv.join(' '), async () => {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expectOneLine(r, new RegExp(`no Assay database in ${dataDir} \\(create one with "assay server --data-dir ${dataDir}" or pass the right --data-dir\\)`));
      expect(existsSync(dataDir)).toBe(false);
    });
  }

  it('an existing empty directory stays empty', async () => {
    mkdirSync(dataDir);
    expect((await cli(['backup', join(dir, 'b.db')])).code).toBe(1);
    expect(readdirSync(dataDir)).toEqual([]);
    expect(existsSync(join(dir, 'b.db'))).toBe(false);
  });

  it('init creates it, and a second init changes nothing', async () => {
    expect((await cli(['init'])).stdout).toMatch(/created an Assay database/);
    expect((await cli(['init'])).stdout).toMatch(/already has an Assay database/);
    expect((await cli(['workspaces', 'list'])).code).toBe(0);
  });
});

describe('unreadable inputs and bad values: one line, nothing changed', () => {
  beforeEach(async () => {
    await cli(['init']);
    await cli(['workspaces', 'create', 'acme']);
  });
  const state = async () => (await cli(['rules', 'export', '--workspace', 'acme'])).stdout + (await cli(['workspaces', 'list', '--json'])).stdout;

  const cases: [string, () => string[], number, RegExp][] = [
    ['rules import of a missing file', () => ['rules', 'import', join(dir, 'none.yaml'), '--workspace', 'acme'], 1, /cannot read .*none\.yaml: no such file/],
    ['import-csv of a missing file', () => ['import-csv', join(dir, 'none.csv'), '--workspace', 'acme'], 1, /cannot read .*none\.csv: no such file/],
    ['add with a missing content file', () => ['add', '--workspace', 'acme', '--name', 'x', '--content-file', join(dir, 'none.txt')], 1, /cannot read .*none\.txt: no such file/],
    ['an unreadable --config', () => ['workspaces', 'list', '--config', join(dir, 'none.yaml')], 1, /cannot read config file .*none\.yaml: ENOENT/],
    ['import-csv of a directory', () => ['import-csv', dir, '--workspace', 'acme'], 1, /cannot read .*: it is a directory/],
    ['rules import of a directory', () => ['rules', 'import', dir, '--workspace', 'acme'], 1, /cannot read .*: it is a directory/],
  ];
  for (const [what, argv, code, message] of cases) {
    it(what, async () => {
      const before = await state();
      const r = await cli(argv());
      expect(r.code).toBe(code);
      expectOneLine(r, message);
      expect(await state()).toBe(before);
    });
  }

  it('--max-assets -5 says what is wrong with the value (usage, exit 2)', async () => {
    const r = await cli(['workspaces', 'quota', 'acme', '--max-assets', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('assay: --max-assets must be a whole number, got "-5"');
    expect(r.stderr).not.toMatch(/ambiguous/);
  });

  it('a mistyped rules file: every problem, one line each, nothing imported', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, 'rules:\n  - name: Secret\n    label: Confidential\n    conditions: {keyword: [secretword], min_match: 3}\n  - name: Cards\n    label: Nope\n    conditions:\n      patterns: [{regex: "[0-9]{16}", validator: crc32}]\n');
    const before = await state();
    const r = await cli(['rules', 'import', file, '--workspace', 'acme']);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'assay: rules[0].conditions.keyword: unknown key; did you mean "keywords"?',
      'assay: rules[0].conditions.min_match: unknown key; did you mean "min_matches"?',
      `assay: rules[1].conditions.patterns[0].validator: "crc32" is not allowed; allowed: ${VALIDATOR_NAMES.join(', ')}`,
    ]);
    expect(await state()).toBe(before);
  });

  it('labels remove of a label in use names the rules', async () => {
    const r = await cli(['labels', 'remove', '--workspace', 'acme', 'Restricted']);
    expect(r.code).toBe(1);
    expectOneLine(r, /label "Restricted" is in use by rules "[^"]+"(, "[^"]+")*; give those rules another label or remove them first/);
  });

  it('ASSAY_LOG_LEVEL=debug adds the stack', async () => {
    const r = await cli(['rules', 'import', join(dir, 'none.yaml'), '--workspace', 'acme'], { ASSAY_LOG_LEVEL: 'debug' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});

describe('assay server start-up failures', () => {
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('a port in use', async () => {
    const r = await cli(['server', '--host', '127.0.0.1', '--port', String(busyPort)]);
    expect(r.code).toBe(1);
    expectOneLine(r, new RegExp(`port ${busyPort} on 127\\.0\\.0\\.1 is already in use; stop the other process or pass --port`));
  });

  it('a host that does not resolve', async () => {
    const r = await cli(['server', '--host', 'no-such-host.invalid', '--port', '0']);
    expect(r.code).toBe(1);
    expectOneLine(r, /host "no-such-host\.invalid" cannot be resolved/);
  });

  it('a data_dir that is a file, and one below a file', async () => {
    writeFileSync(join(dir, 'file'), 'not a directory');
    for (const d of [join(dir, 'file'), join(dir, 'file', 'data')]) {
      const r = await runCli(['server', '--port', '0'], { dataDir: d, clock });
      expect(r.code).toBe(1);
      expectOneLine(r, /is a file where a directory is needed; point the data directory \(--data-dir, ASSAY_DATA_DIR\) at a directory$/);
    }
  });

  it('permission denied creating the data directory or the agent state directory (as an unprivileged user)', async () => {
    const parent = join(dir, 'locked');
    mkdirSync(parent, { mode: 0o755 });
    chmodSync(parent, 0o555);
    const agentConfig = join(dir, 'agent.yaml');
    writeFileSync(agentConfig, `agent:\n  api_key: chk_${'a'.repeat(40)}\n  server_url: http://127.0.0.1:9\n  state_dir: ${join(parent, 'state')}\n  watch:\n    roots: [${dir}]\n`, { mode: 0o644 });
    const cases: [string[], RegExp][] = [
      [['server', '--port', '0', '--data-dir', join(parent, 'data')], /permission denied: cannot mkdir .*locked\/data; run as a user who may, or point the data directory \(--data-dir, ASSAY_DATA_DIR\) elsewhere$/],
      [['agent', '--config', agentConfig], /permission denied: cannot mkdir .*locked\/state; run as a user who may, or point the agent state directory \(agent\.state_dir, ASSAY_AGENT_STATE_DIR\) elsewhere$/],
    ];
    for (const [argv, message] of cases) {
      // As root, run the command without the capability to override file modes (util-linux's
      // setpriv), so the 0555 directory refuses it as it refuses a service user. Switching to
      // another user instead would fail wherever the checkout is not readable by that user.
      const command = process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', process.execPath] : [process.execPath];
      const child = spawn(command[0]!, [...command.slice(1), BIN, ...argv], { env: { ...process.env, ASSAY_CONFIG: '', HOME: dir } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, argv[0]).toBe(1);
      expectOneLine({ code: 1, stdout: '', stderr }, message);
    }
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('agent commands', () => {
  it('a missing --config, --rules or cached policy is one line, exit 1', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    const cases: [string[], RegExp][] = [
      [['agent', 'status', '--config', join(dir, 'none.yaml')], /cannot read config file .*none\.yaml: ENOENT/],
      [['classify', 'a.txt', '--rules', join(dir, 'none.json')], /--rules .*none\.json: ENOENT/],
      [['classify', 'a.txt', '--state-dir', join(dir, 'state')], /no cached rules in/],
    ];
    for (const [argv, message] of cases) {
      const r = await agentCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expectOneLine(r, message);
    }
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('the agent daemon refuses an unreadable --config as a configuration error (78), in one line', async () => {
    const r = await agentCli(['agent', '--config', join(dir, 'none.yaml')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/^assay agent: cannot read config file .*none\.yaml: ENOENT; not starting\n$/);
  });
});

describe('Ctrl-C under npm start (SIGINT twice)', () => {
  it('the repeated SIGINT does not cut the shutdown short: in-flight work finishes, exit 0', async () => {
    await cli(['init']);
    await cli(['workspaces', 'create', 'acme']);
    const key = (await cli(['keys', 'create', '--workspace', 'acme', '--name', 'k'])).stdout.trim().split('\n').pop()!;
    const server = spawnAssay(['server', '--port', '0'], { ASSAY_DATA_DIR: dataDir });
    try {
      const listening = await server.waitForLog((l) => l.msg === 'server listening', 'server listening');
      const { port } = new URL(listening.url as string);
      // A request whose body is still arriving keeps the shutdown waiting.
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const body = JSON.stringify({ name: 'slow.txt', content: 'hello' });
      socket.write(`POST /api/v1/classify HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
      await new Promise((r) => setTimeout(r, 200));
      server.child.kill('SIGINT');
      await waitFor(() => /SIGINT, shutting down/.test(server.output()) || undefined, 'shutting down');
      server.child.kill('SIGINT'); // what npm relays
      await new Promise((r) => setTimeout(r, 300));
      expect(server.child.exitCode).toBeNull();
      expect(server.child.signalCode).toBeNull();
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      socket.write(body.slice(5));
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(answer).toMatch(/^HTTP\/1\.1 201/);
      expect(server.logs.some((l) => l.msg === 'server stopped')).toBe(true);
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});
