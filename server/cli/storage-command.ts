// `assay storage migrate --from FILE --to URL`: copies a SQLite inventory into an empty
// PostgreSQL database and prints the counts it verified on both sides.
import { existsSync } from 'node:fs';
import type { Clock } from '../../lib/clock.ts';
import { copySqliteToPg } from '../storage/copy-sqlite-to-pg.ts';
import { type CliIo, parse, positionals, requireString, UsageError, writeJson, writeTable } from './cli-io.ts';

export async function storageCommand(args: readonly string[], io: CliIo, clock: Clock): Promise<void> {
  const { values, positionals: pos } = parse(args, { from: { type: 'string' }, to: { type: 'string' } });
  const [sub] = positionals(pos, 1, 'storage migrate --from FILE --to URL');
  if (sub !== 'migrate') throw new UsageError(`unknown storage command "${sub}"`);
  const file = requireString(values.from, '--from');
  const url = requireString(values.to, '--to');
  if (!existsSync(file)) throw new UsageError(`--from: ${file} does not exist`);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--to must be a postgres:// or postgresql:// URL');
  const counts = await copySqliteToPg({ file, url, clock });
  if (values.json) writeJson(io, counts);
  else writeTable(io, ['WHAT', 'SQLITE', 'POSTGRESQL'], counts.map((c) => [c.what, String(c.sqlite), String(c.postgres)]));
}
