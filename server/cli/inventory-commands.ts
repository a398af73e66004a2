// `assay import-csv`, `assay add` and `assay backup`.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { classifyRequestSchema } from '../../shared/api/schemas.ts';
import { ConflictError, DefinitionError } from '../../shared/errors.ts';
import { csvImportChanges, manualClassificationChanges } from '../services/audit-trail.ts';
import { importCsv } from '../services/csv-import.ts';
import type { OpenContext } from './admin-cli.ts';
import { assertReadable, type CliIo, parse, positionals, readInputFile, requireString } from './cli-io.ts';
import { createProgressBar } from './progress-bar.ts';

export async function importCsvCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' } });
  const [file] = positionals(pos, 1, 'import-csv FILE --workspace NAME');
  const workspace = requireString(values.workspace, '--workspace');
  assertReadable(file!);
  const ctx = await open(values);
  const ws = await ctx.workspaces.require(workspace);
  const bar = createProgressBar(io, 'importing');
  let result;
  try {
    result = await importCsv({
      file: file!,
      workspace: ws,
      classifier: ctx.classifier,
      maxContentChars: ctx.config.server.limits.content_chars,
      onProgress: (p) => bar.update(p.totalBytes === 0 ? 1 : p.bytesRead / p.totalBytes, `${p.done} done, ${p.failed} failed`),
    });
  } finally {
    bar.finish();
  }
  await ctx.audit.record({ workspace_id: ws.id, action: 'csv.imported', ...ctx.origin, target: basename(file!), changes: csvImportChanges(result) });
  io.stdout.write(`${result.done} row${result.done === 1 ? '' : 's'} classified, ${result.failed.length} failed\n`);
  for (const f of result.failed) io.stdout.write(`  line ${f.line}: ${f.reason}\n`);
  return result.failed.length > 0 ? 1 : 0;
}

export async function addCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, 'content-file': { type: 'string' } });
  positionals(pos, 0, 'add --workspace NAME --name N [--type T] [--content-file F]');
  const workspace = requireString(values.workspace, '--workspace');
  const name = requireString(values.name, '--name');
  const content = values['content-file'] === undefined ? undefined : readInputFile(values['content-file']);
  const ctx = await open(values);
  const ws = await ctx.workspaces.require(workspace);
  const parsed = classifyRequestSchema(ctx.config.server.limits.content_chars).safeParse({ name, asset_type: values.type, content });
  if (!parsed.success) throw new DefinitionError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const { asset } = await ctx.classifier.classifyAndStore(ws, { ...parsed.data, source: 'manual' }, 'wait');
  await ctx.audit.record({ workspace_id: ws.id, action: 'asset.classified_manually', ...ctx.origin, target: asset.name, changes: manualClassificationChanges(asset) });
  io.stdout.write(`${JSON.stringify(asset)}\n`);
}

export async function backupCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, {});
  const [file] = positionals(pos, 1, 'backup FILE');
  if (existsSync(file!)) throw new ConflictError(`${file} already exists; a backup never overwrites a file`);
  const ctx = await open(values);
  await ctx.repo.backupTo(file!);
  io.stdout.write(`backup written to ${file}\n`);
}
