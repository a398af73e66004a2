// Log format selection: readable lines (pino-pretty) on a terminal, JSON lines when piped (as under
// systemd/journald), `log.format` / ASSAY_LOG_FORMAT overriding either way; redaction in both.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat } from '../lib/logger.ts';
import { BIN, spawnAssay, type AssayProcess } from './helpers/assay-process.ts';
import { waitFor } from './helpers/wait-for.ts';

const dirs: string[] = [];
const procs: AssayProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) await p.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'assay-logfmt-'));
  dirs.push(d);
  return d;
};

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('log format', () => {
  it('auto is pretty on a terminal and JSON otherwise; json and pretty force one', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes readable lines in pretty and JSON lines in json, redacting keys and content in both', () => {
    for (const format of ['pretty', 'json'] as const) {
      const out = capture();
      const logger = createLogger({ level: 'info', format, destination: out.stream as never });
      logger.info({ api_key: 'chk_secretsecretsecretsecretsecretsecret', content: 'IBAN DE89370400440532013000', files: 3 }, 'agent started');
      logger.flush();
      const text = out.text();
      expect(text).toContain('agent started');
      expect(text).not.toContain('chk_secret');
      expect(text).not.toContain('DE89');
      if (format === 'json') expect(JSON.parse(text.trim())).toMatchObject({ level: 30, msg: 'agent started', files: 3, api_key: '[redacted]' });
      else {
        expect(() => JSON.parse(text.trim())).toThrow();
        expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(assay\): agent started\n/);
        expect(text).toContain('files: 3');
      }
    }
  });

  it('logs JSON lines when stdout is a pipe, and readable lines with ASSAY_LOG_FORMAT=pretty', async () => {
    const piped = spawnAssay(['server', '--port', '0'], { ASSAY_DATA_DIR: tempDir() });
    procs.push(piped);
    await piped.waitForLog((l) => l.msg === 'server listening', 'the listening line as JSON');
    const pretty = spawnAssay(['server', '--port', '0'], { ASSAY_DATA_DIR: tempDir(), ASSAY_LOG_FORMAT: 'pretty' });
    procs.push(pretty);
    await waitFor(() => /INFO \(assay\): server listening\n\s+url: "http:\/\/127\.0\.0\.1:\d+"/.test(pretty.output()), `a readable listening line in: ${pretty.output()}`);
    expect(pretty.logs).toEqual([]);
  });

  it('logs readable lines on a terminal (under script(1)), and JSON there with ASSAY_LOG_FORMAT=json', async () => {
    for (const [format, pattern] of [
      ['', /INFO \(assay\): server listening/],
      ['json', /\{"level":30,[^\n]*"msg":"server listening"\}/],
    ] as const) {
      const child = spawn('script', ['-qfec', `exec "${process.execPath}" "${BIN}" server --port 0`, '/dev/null'], {
        env: { ...process.env, ASSAY_CONFIG: '', ASSAY_DATA_DIR: tempDir(), ASSAY_LOG_FORMAT: format, TERM: 'dumb' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await waitFor(() => pattern.test(out.replace(/\x1b\[[0-9;]*m/g, '')), `${format || 'auto'} on a terminal: ${out}`);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
