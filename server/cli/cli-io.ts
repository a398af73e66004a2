// What every CLI command gets: output streams, the environment, argument parsing that turns
// mistakes into UsageError, and a plain-text table printer.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliFailure } from '../../lib/cli-failure.ts';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Bad arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * `--max-assets -5` as `--max-assets=-5`: a value that looks like a negative number belongs to
 * the option before it, so that the option's own check says what is wrong with it.
 */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.startsWith('--') ? args[i]!.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-[0-9.]/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]!);
  }
  return out;
}

export function parse<O extends Options>(args: readonly string[], options: O) {
  const all = { ...GLOBAL_OPTIONS, ...options };
  try {
    return parseArgs({ args: joinNegativeValues(args, all), options: all, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function requireString(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`${flag} is required`);
  return value;
}

export function parseCount(value: string, flag: string): number {
  if (!/^[0-9]{1,12}$/.test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return Number(value);
}

export function positionals(list: readonly string[], count: number, what: string): string[] {
  if (list.length !== count) throw new UsageError(`expected ${what}`);
  return [...list];
}

const unreadable = (file: string, err: unknown) =>
  new CliFailure(`cannot read ${file}: ${({ ENOENT: 'no such file', EISDIR: 'it is a directory' } as Record<string, string>)[(err as NodeJS.ErrnoException).code ?? ''] ?? ((err as NodeJS.ErrnoException).code ?? (err as Error).message)}`);

/** A file a command reads (rules, content); one that cannot be read is a one-line failure. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
}

/** Fails the command, before it opens anything, when `file` is not a file it can read. */
export function assertReadable(file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    throw unreadable(file, err);
  }
  if (statSync(file).isDirectory()) throw new CliFailure(`cannot read ${file}: it is a directory`);
}

export function writeTable(io: CliIo, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  io.stdout.write(`${line(headers)}\n`);
  for (const r of rows) io.stdout.write(`${line(r)}\n`);
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
