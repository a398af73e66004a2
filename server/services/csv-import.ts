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

export async function importCsv(deps: {
  file: string;
  workspace: Workspace;
  classifier: ClassificationService;
  maxContentChars: number;
  onProgress?: (p: CsvImportProgress) => void;
}): Promise<CsvImportResult> {
  if (deps.workspace.plan !== 'active') throw new PlanInactiveError();
  const totalBytes = (await stat(deps.file)).size;
  const input = createReadStream(deps.file);
  return importRows({ ...deps, input, label: deps.file, totalBytes, bytesRead: () => input.bytesRead });
}

/** The same import over CSV text held in memory (the console's upload); nothing is written to disk. */
export async function importCsvText(deps: {
  text: Buffer;
  workspace: Workspace;
  classifier: ClassificationService;
  maxContentChars: number;
  onProgress?: (p: CsvImportProgress) => void;
}): Promise<CsvImportResult> {
  if (deps.workspace.plan !== 'active') throw new PlanInactiveError();
  const input = Readable.from([deps.text]);
  let parsedBytes = 0;
  return importRows({ ...deps, input, label: 'CSV', totalBytes: deps.text.length, bytesRead: () => parsedBytes, onBytes: (b) => (parsedBytes = b) });
}

async function importRows(deps: {
  input: Readable;
  label: string;
  totalBytes: number;
  bytesRead: () => number;
  onBytes?: (bytes: number) => void;
  workspace: Workspace;
  classifier: ClassificationService;
  maxContentChars: number;
  onProgress?: (p: CsvImportProgress) => void;
}): Promise<CsvImportResult> {
  const { input, label: file, totalBytes, workspace, classifier } = deps;
  const schema = rowSchema(deps.maxContentChars);
  const parser = input.pipe(
    parse({ bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let done = 0;
  const failed: CsvRowFailure[] = [];
  let checkedHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      deps.onBytes?.(info.bytes);
      if (!checkedHeader) {
        checkedHeader = true;
        if (!('name' in record)) throw new DefinitionError([`${file}: the header row needs a "name" column (and optionally asset_type, content)`]);
      }
      const row = schema.safeParse(record);
      if (!row.success) {
        failed.push({ line: info.lines, reason: row.error.issues.map((i) => i.message).join('; ') });
      } else {
        try {
          await classifier.classifyAndStore(workspace, { ...row.data, source: 'csv' });
          done++;
        } catch (err) {
          if (!(err instanceof AssayError)) throw err;
          failed.push({ line: info.lines, reason: err.message });
        }
      }
      deps.onProgress?.({ done, failed: failed.length, bytesRead: deps.bytesRead(), totalBytes });
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
