// What `assay classify` reports per file, and the writers of its formats: `text` (path, label and
// matched rules per line), `json` (one array), `ndjson` (one object per line, as each file is done)
// and `sarif` (sarif-log.ts). A file's record carries the fields of the API's classify answer
// (name, asset_type, label, matched_rules as one string, findings with masked samples, unreadable)
// plus its path; a file whose text cannot be read gets the unreadable-file label, as on the server.
import type { UnreadMember } from '../../extract/extraction-result.ts';
import type { MatchSample, RuleFinding } from '../../shared/engine/finding.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { LoadedPolicy } from '../policy/policy-cache-file.ts';
import { sarifLog } from './sarif-log.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A finding as the API shows it: counts, confidence, masked samples (with the archive member). */
export type Finding = Omit<RuleFinding, 'samples'> & { readonly samples: readonly (MatchSample & { readonly member?: string | undefined })[] };

export interface FileRecord {
  readonly path: string;
  readonly name: string;
  readonly asset_type: string | null;
  readonly label: Label;
  /** Matched rule names in priority order, comma-and-space separated, as the API gives them. */
  readonly matched_rules: string;
  readonly findings: readonly Finding[];
  /** `code: reason` when the text could not be read, else null. */
  readonly unreadable: string | null;
  /** Members of an archive or mail that could not be read (the rest was classified). */
  readonly unread?: readonly UnreadMember[];
  /** Present when `label` is the label pinned on the server, not the rules' (docs/triage.md). */
  readonly pinned?: true;
}

export interface ReportWriter {
  file(record: FileRecord): void;
  end(): void;
}

export interface ReportContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly policy: LoadedPolicy;
  readonly version: string;
  /** The folder SARIF locations are relative to (the working directory). */
  readonly cwd: string;
}

function textWriter({ stdout, stderr }: ReportContext): ReportWriter {
  return {
    file(r) {
      if (r.unreadable !== null) stderr.write(`${r.path}: cannot classify (${r.unreadable})\n`);
      else stdout.write(`${r.path}\t${r.label.name}\t${r.matched_rules}\n`);
      for (const u of r.unread ?? []) stderr.write(`${r.path}: member ${u.member} not read (${u.code}: ${u.reason})\n`);
    },
    end() {},
  };
}

export function reportWriter(format: OutputFormat, ctx: ReportContext): ReportWriter {
  if (format === 'text') return textWriter(ctx);
  if (format === 'ndjson') return { file: (r) => ctx.stdout.write(`${JSON.stringify(r)}\n`), end() {} };
  const records: FileRecord[] = [];
  return {
    file: (r) => records.push(r),
    end: () => ctx.stdout.write(`${JSON.stringify(format === 'json' ? records : sarifLog(records, ctx), null, 2)}\n`),
  };
}
