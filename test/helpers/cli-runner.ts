// Runs the admin CLI in-process with captured output, against a given data directory.
import { PassThrough } from 'node:stream';
import { runServerCli } from '../../server/cli/admin-cli.ts';
import type { Clock } from '../../lib/clock.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Output streams for an in-process CLI run, and what was written to them. */
export function captureOutput(): { stdout: PassThrough; stderr: PassThrough; result(code: number): CliResult } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, result: (code) => ({ code, stdout: out, stderr: err }) };
}

export async function runCli(argv: string[], opts: { dataDir: string; clock: Clock; env?: Record<string, string> }): Promise<CliResult> {
  const output = captureOutput();
  const { stdout, stderr } = output;
  const result = await runServerCli(argv, { stdout, stderr, env: { ASSAY_DATA_DIR: opts.dataDir, ...opts.env } }, { clock: opts.clock, version: 'test' });
  if (typeof result !== 'number') {
    await result.close();
    throw new Error(`"${argv.join(' ')}" started a service`);
  }
  return output.result(result);
}
