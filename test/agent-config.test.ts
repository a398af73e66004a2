// The agent's configuration: every problem reported at once with its path (schema problems and
// agent ones together), the key from exactly one source, paths resolved, and a daemon that
// refuses to start on a broken file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_CONFIG, runAgentCli } from '../agent/cli/agent-cli.ts';
import { loadAgentSettings } from '../agent/settings/agent-settings.ts';
import { systemClock } from '../lib/clock.ts';
import { DefinitionError } from '../shared/errors.ts';
import { cleanupAfterEach } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();
const KEY = `chk_${'a'.repeat(43)}`;
const opts = (cwd: string) => ({ cwd, hostname: 'fs01' });

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DefinitionError) return err.problems;
    throw err;
  }
  throw new Error('expected a DefinitionError');
}

describe('agent configuration', () => {
  it('reports schema and agent problems together, each with its path', () => {
    const yaml = [
      'agent:',
      '  server_url: ftp://files.example.com',
      '  concurrency: 0',
      '  colour: blue',
      '  formats: [pdf, pptx2]',
      '  watch:',
      '    roots: []',
      '    exclude: ["[z-a].pdf"]',
      '  schedules:',
      '    rescan: "61 * * * *"',
      '    rule_refresh: "every five minutes"',
      '',
    ].join('\n');
    const problems = problemsOf(() => loadAgentSettings(yaml, {}, opts('/')));
    const text = problems.join('\n');
    expect(text).toMatch(/agent\.server_url: Expected an http/);
    expect(text).toMatch(/agent\.concurrency/);
    expect(text).toMatch(/agent: Unrecognized key: "colour"/);
    expect(text).toMatch(/agent\.formats\.1/);
    expect(text).toMatch(/agent\.watch\.exclude\.0: Invalid glob/);
    expect(text).toMatch(/agent\.schedules\.rule_refresh: expected 5 or 6 fields/);
    expect(text).toMatch(/agent\.watch\.roots: at least one folder/);
    expect(text).toMatch(/agent\.schedules\.rescan: 61 is a invalid expression for minute/);
    expect(text).toMatch(/agent\.api_key_file: no API key configured/);
    expect(problems.length).toBeGreaterThanOrEqual(9);
  });

  it('takes the key from exactly one of api_key, ASSAY_AGENT_API_KEY and api_key_file', () => {
    const dir = cleanup.dir('agent-config');
    const keyFile = join(dir, 'agent.key');
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const base = 'agent:\n  watch:\n    roots: [watched]\n';

    const fromFile = loadAgentSettings(`${base}  api_key_file: agent.key\n  state_dir: state\n`, {}, opts(dir));
    expect(fromFile.api_key).toBe(KEY);
    expect(fromFile.watch.roots).toEqual([join(dir, 'watched')]);
    expect(fromFile.state_dir).toBe(join(dir, 'state'));
    expect(fromFile.hostname).toBe('fs01');
    expect(Object.isFrozen(fromFile)).toBe(true);

    const fromEnv = loadAgentSettings(base, { ASSAY_AGENT_API_KEY: KEY, ASSAY_AGENT_SERVER_URL: 'https://assay.example.com/' }, opts(dir));
    expect(fromEnv.api_key).toBe(KEY);
    expect(fromEnv.server_url).toBe('https://assay.example.com/');

    // Environment over file: one key source set in the environment replaces both of the file's.
    const wrongInline = 'chk_thisInlineKeyIsNotTheOneToUse0123456789';
    expect(loadAgentSettings(`${base}  api_key: ${wrongInline}\n`, { ASSAY_AGENT_API_KEY_FILE: keyFile }, opts(dir)).api_key).toBe(KEY);
    expect(loadAgentSettings(`${base}  api_key_file: missing.key\n`, { ASSAY_AGENT_API_KEY: KEY }, opts(dir)).api_key).toBe(KEY);
    expect(problemsOf(() => loadAgentSettings(base, { ASSAY_AGENT_API_KEY: KEY, ASSAY_AGENT_API_KEY_FILE: keyFile }, opts(dir))).join()).toMatch(/set only one of api_key/);
    expect(problemsOf(() => loadAgentSettings(`${base}  api_key: ${KEY}\n  api_key_file: agent.key\n`, {}, opts(dir))).join()).toMatch(/set only one of api_key/);
    expect(problemsOf(() => loadAgentSettings(`${base}  api_key_file: missing.key\n`, {}, opts(dir))).join()).toMatch(/cannot read missing\.key \(ENOENT\)/);
    writeFileSync(join(dir, 'wrong.key'), 'hunter2-not-a-key');
    const wrong = problemsOf(() => loadAgentSettings(`${base}  api_key_file: wrong.key\n`, {}, opts(dir))).join();
    expect(wrong).toMatch(/api_key_file: not an Assay API key/);
    expect(wrong).not.toContain('hunter2');
  });

  it('reads agent.ca_file as PEM, and reports a missing or non-PEM file', () => {
    const dir = cleanup.dir('agent-config');
    const ca = join(import.meta.dirname, 'fixtures', 'tls', 'ca.pem');
    writeFileSync(join(dir, 'not-pem.txt'), 'hello');
    const base = `agent:\n  api_key: ${KEY}\n  watch:\n    roots: [${dir}]\n`;
    const settings = loadAgentSettings(`${base}  ca_file: ${ca}\n`, {}, opts(dir));
    expect(settings.ca_certificates).toContain('-----BEGIN CERTIFICATE-----');
    expect(loadAgentSettings(base, {}, opts(dir)).ca_certificates).toBeNull();
    expect(problemsOf(() => loadAgentSettings(`${base}  ca_file: missing.pem\n`, {}, opts(dir)))).toEqual(['config: agent.ca_file: cannot read missing.pem (ENOENT)']);
    expect(problemsOf(() => loadAgentSettings(`${base}  ca_file: not-pem.txt\n`, {}, opts(dir)))).toEqual(['config: agent.ca_file: not-pem.txt holds no PEM certificate']);
  });

  it('takes delivery.requests_in_flight from 1 to 64 (16 by default) and names a bad value', () => {
    const dir = cleanup.dir('agent-config');
    const base = `agent:\n  api_key: ${KEY}\n  watch:\n    roots: [${dir}]\n`;
    expect(loadAgentSettings(base, {}, opts(dir)).delivery.requests_in_flight).toBe(16);
    expect(loadAgentSettings(`${base}  delivery:\n    requests_in_flight: 3\n`, {}, opts(dir)).delivery.requests_in_flight).toBe(3);
    for (const bad of ['0', '65', '2.5', 'many']) {
      const problems = problemsOf(() => loadAgentSettings(`${base}  delivery:\n    requests_in_flight: ${bad}\n`, {}, opts(dir)));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^config: agent\.delivery\.requests_in_flight: /);
    }
  });

  it('makes `assay agent` refuse to start, listing every problem', async () => {
    const dir = cleanup.dir('agent-config');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'agent:\n  concurrency: lots\n  delivery:\n    retry_max_ms: -1\n');
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runAgentCli(['agent', '--config', file], { stdout: new PassThrough(), stderr, env: {} }, { clock: systemClock, version: 'test', hostname: 'fs01', cwd: dir });
    expect(code).toBe(EXIT_CONFIG);
    expect(err).toMatch(/invalid configuration, not starting/);
    for (const path of ['agent.concurrency', 'agent.delivery.retry_max_ms', 'agent.watch.roots', 'agent.api_key_file']) expect(err).toContain(path);
  });
});
