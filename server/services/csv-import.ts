// Bulk classification of CSV rows (columns name, asset_type, content) as source `csv`.
// Each row is its own classification: a bad row is reported with its line and skipped.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { NAME_MAX } from '../../shared/api/schemas.ts';
import { AssayError, DefinitionError, PlanInactiveError } from '../../shared/errors.ts';
import type { Workspace } from '../storage/repository.ts';
import type { ClassificationService } from './classification-service.ts';

export interface CsvImportProgress {
  readonly done: number;
  readonly failed: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface CsvRowFailure {
  readonly line: number;
  readonly reason: string;
}

export interface CsvImportResult {
  readonly done: number;
  readonly failed: readonly CsvRowFailure[];
}

function rowSchema(maxContentChars: number) {
  return z.object({
    name: z.string().trim().min(1, 'name is empty').max(NAME_MAX, `name is longer than ${NAME_MAX} characters`),
    asset_type: z.string().trim().max(64).optional().transform((t) => t || null),
    content: z.string().max(maxContentChars, `content is longer than ${maxContentChars} characters`).optional(),
  });
}

export interface CsvImportDeps {
  readonly workspace: Workspace;
  readonly classifier: ClassificationService;
  readonly maxContentChars: number;
  readonly onProgress?: ((p: CsvImportProgress) => void) | undefined;
}

/** Where the rows come from: the stream, its name in errors, its size and how far it has got. */
interface CsvSource {
  readonly input: Readable;
  readonly label: string;
  readonly totalBytes: number;
  /** Bytes read so far, given the bytes the parser has consumed. */
  bytesRead(parsedBytes: number): number;
}

export async function importCsv(deps: CsvImportDeps & { file: string }): Promise<CsvImportResult> {
  return importRows(deps, async () => {
    const totalBytes = (await stat(deps.file)).size;
    const input = createReadStream(deps.file);
    return { input, label: deps.file, totalBytes, bytesRead: () => input.bytesRead };
  });
}

/** The same import over CSV text held in memory (the console's upload); nothing is written to disk. */
export async function importCsvText(deps: CsvImportDeps & { text: Buffer }): Promise<CsvImportResult> {
  return importRows(deps, async () => ({ input: Readable.from([deps.text]), label: 'CSV', totalBytes: deps.text.length, bytesRead: (parsedBytes) => parsedBytes }));
}

/** Refuses an inactive plan before opening the source, then classifies row by row. */
async function importRows(deps: CsvImportDeps, open: () => Promise<CsvSource>): Promise<CsvImportResult> {
  if (deps.workspace.plan !== 'active') throw new PlanInactiveError();
  const source = await open();
  const { input, label: file, totalBytes } = source;
  const { workspace, classifier } = deps;
  const schema = rowSchema(deps.maxContentChars);
  const parser = input.pipe(
    parse({ bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, relax_column_count: true }),
  );
  // pipe() does not forward a read error (EISDIR, EIO): without this the loop below would wait forever.
  input.once('error', (err) => parser.destroy(err));
  let done = 0;
  const failed: CsvRowFailure[] = [];
  let checkedHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      if (!checkedHeader) {
        checkedHeader = true;
        if (!('name' in record)) throw new DefinitionError([`${file}: the header row needs a "name" column (and optionally asset_type, content)`]);
      }
      const row = schema.safeParse(record);
      if (!row.success) {
        failed.push({ line: info.lines, reason: row.error.issues.map((i) => i.message).join('; ') });
      } else {
        try {
          // A row waits for a place in a full classification queue rather than fail: nothing retries it,
          // and the import holds one row at a time, so it adds at most one content to the queue's bound.
          await classifier.classifyAndStore(workspace, { ...row.data, source: 'csv' }, 'wait');
          done++;
        } catch (err) {
          if (!(err instanceof AssayError)) throw err;
          failed.push({ line: info.lines, reason: err.message });
        }
      }
      deps.onProgress?.({ done, failed: failed.length, bytesRead: source.bytesRead(info.bytes), totalBytes });
    }
  } catch (err) {
    input.destroy();
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new DefinitionError([`${file}: ${err.message}`]);
    }
    throw err;
  }
  return { done, failed };
}
