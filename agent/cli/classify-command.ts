// `assay classify PATH...`: extracts and classifies files (folders recursively) offline with the
// rules the agent cached (or a given rules file), exactly as the agent and the server would (with
// the dismissals and pins the agent cached for its files, as the server stores them), and
// reports each file as text, JSON, NDJSON or SARIF (`--format`, classify-report.ts). `--fail-at LABEL` makes it a CI gate: exit 3 when any
// file is at or above that label, 0 otherwise (2 on usage errors).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { classify } from '../../shared/engine/classify.ts';
import type { ExtractionResult } from '../../extract/extraction-result.ts';
import { createExtractorPool } from '../../extract/extractor-pool.ts';
import { containerLimitsFrom } from '../../extract/container-limits.ts';
import { formatForPath } from '../../extract/formats.ts';
import { nameMembers } from '../../extract/member-of.ts';
import { agentLimitsSchema } from '../../shared/config/agent-config-schema.ts';
import { expandPaths } from './classify-paths.ts';
import { applyFileTriage } from '../policy/file-triage.ts';
import { assetName, assetTypeFor } from '../files/asset-identity.ts';
import { type LoadedPolicy, loadServedPolicy, readPolicyFile, servedPolicyFromFiles } from '../policy/policy-cache-file.ts';
import { CliFailure } from '../../lib/cli-failure.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import { type FileRecord, OUTPUT_FORMATS, type OutputFormat, reportWriter } from './classify-report.ts';
import { type AgentCliDeps, type AgentCliIo, AgentUsageError, parseAgentArgs, stateDirFor } from './cli-support.ts';

const MIB = 1024 * 1024;
/** Exit status when --fail-at is given and some file is at or above that label. */
export const EXIT_AT_OR_ABOVE = 3;
/** The label an unreadable file counts as for --fail-at: the server's default unreadable-file label. */
const UNREADABLE_LABEL = 'Confidential';

/** The label named (case-insensitively) in the policy's labels, as [name, level]; usage error when there is none. */
function labelLevel(policy: LoadedPolicy, name: string): [string, number] {
  for (const [label, level] of policy.levels) if (label.toLowerCase() === name.toLowerCase()) return [label, level];
  throw new AgentUsageError(`--fail-at: no label "${name}" in the rules' labels (${[...policy.levels.keys()].join(', ')})`);
}

/** The label an unreadable file gets: Confidential when the scheme has it, else its highest label (the server's default). */
function unreadableLabel(policy: LoadedPolicy): Label {
  const labels = policy.served.labels as Label[];
  return labels.find((l) => l.name.toLowerCase() === UNREADABLE_LABEL.toLowerCase()) ?? labels.reduce((top, l) => (l.level > top.level ? l : top));
}

/** --format, with --json kept as the older spelling of --format json. */
function formatOf(values: { format?: string | undefined; json?: boolean | undefined }): OutputFormat {
  if (values.json && values.format !== undefined && values.format !== 'json') throw new AgentUsageError(`--json and --format ${values.format} contradict each other`);
  const format = values.format ?? (values.json ? 'json' : 'text');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new AgentUsageError(`--format: "${format}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
  return format as OutputFormat;
}

function readJson(file: string, flag: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliFailure(`${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function policyFrom(values: { rules?: string | undefined; labels?: string | undefined }, stateDir: string): LoadedPolicy {
  if (values.labels !== undefined && values.rules === undefined) throw new AgentUsageError('--labels needs --rules');
  let served;
  if (values.rules !== undefined) {
    try {
      served = servedPolicyFromFiles(readJson(values.rules, '--rules'), values.labels === undefined ? undefined : readJson(values.labels, '--labels'));
    } catch (err) {
      if (err instanceof CliFailure) throw err;
      throw new CliFailure((err as Error).message);
    }
  } else {
    served = readPolicyFile(stateDir);
    if (!served) throw new CliFailure(`no cached rules in ${stateDir}: run the agent once (it pulls them from the server), or pass --rules FILE`);
  }
  try {
    return loadServedPolicy(served);
  } catch (err) {
    throw new CliFailure(`the rules do not compile: ${(err as Error).message.replaceAll('\n', '; ')}`);
  }
}

export async function classifyCommand(args: readonly string[], io: AgentCliIo, deps: AgentCliDeps): Promise<number> {
  const { values, positionals } = parseAgentArgs(args, {
    rules: { type: 'string' },
    labels: { type: 'string' },
    'state-dir': { type: 'string' },
    json: { type: 'boolean' },
    format: { type: 'string' },
    'fail-at': { type: 'string' },
  });
  const format = formatOf(values);
  if (positionals.length === 0) throw new AgentUsageError('classify needs at least one FILE or FOLDER');
  const { stateDir, hostname: configured } = stateDirFor(values, io, deps.cwd);
  const policy = policyFrom(values, stateDir);
  const failAt = values['fail-at'] === undefined ? null : labelLevel(policy, values['fail-at']);
  const hostname = configured ?? deps.hostname;
  const expanded = await expandPaths(positionals.map((p) => resolve(deps.cwd, p)));
  const paths = expanded.files;
  const workers = Math.max(1, Math.min(2, paths.length));
  const pool = createExtractorPool({
    workers,
    timeoutMs: 120_000,
    maxMemoryMb: 1024,
    maxFileBytes: 1024 * MIB,
    maxTextChars: 64 * MIB,
    container: containerLimitsFrom(agentLimitsSchema.parse({})),
    logger: pino({ level: 'silent' }),
  });
  let failed = 0;
  let atOrAbove = 0;
  const writer = reportWriter(format, { stdout: io.stdout, stderr: io.stderr, policy, version: deps.version, cwd: deps.cwd });
  const unreadable = unreadableLabel(policy);
  const labels = policy.served.labels as Label[];
  const report = (path: string, extraction: ExtractionResult | null) => {
    const name = assetName(hostname, path);
    const asset_type = assetTypeFor(path);
    let record: FileRecord;
    if (!extraction || !extraction.ok) {
      failed++;
      const reason = extraction ? `${extraction.code}: ${extraction.reason}` : 'unsupported: no extractor for this file extension';
      // A pin holds on an unreadable asset too; dismissals have no findings to act on.
      const pin = policy.triage.files.get(name)?.pin ?? null;
      record = { path, name, asset_type, label: pin ?? unreadable, matched_rules: '', findings: [], unreadable: reason, ...(pin ? { pinned: true as const } : {}) };
    } else {
      const result = applyFileTriage(policy.compiled, labels, policy.triage, name, classify(policy.compiled, { name, asset_type, content: extraction.text }));
      const findings = nameMembers(result.findings, extraction.members);
      record = {
        path,
        name,
        asset_type,
        label: result.label,
        matched_rules: result.matched_rules.join(', '),
        findings,
        unreadable: null,
        ...(extraction.unread ? { unread: extraction.unread } : {}),
        ...(result.pinned ? { pinned: true as const } : {}),
      };
    }
    if (failAt && record.label.level >= failAt[1]) atOrAbove++;
    writer.file(record);
  };
  for (const { dir, code } of expanded.unreadableDirs) io.stderr.write(`${dir}: cannot read folder (${code})\n`);
  if (expanded.skipped.size > 0) {
    const counts = [...expanded.skipped].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const total = counts.reduce((n, [, c]) => n + c, 0);
    io.stderr.write(`skipped ${total} file(s) of types no extractor reads: ${counts.slice(0, 10).map(([ext, n]) => `${ext ? `.${ext}` : '(no extension)'} ${n}`).join(', ')}\n`);
  }
  try {
    // A few at a time, in order: thousands of files never hold their texts in memory together.
    for (let i = 0; i < paths.length; i += workers) {
      const batch = paths.slice(i, i + workers);
      const extractions = await Promise.all(batch.map((p) => (formatForPath(p) === null ? null : pool.extract(p))));
      batch.forEach((path, k) => report(path, extractions[k] ?? null));
    }
  } finally {
    await pool.close();
  }
  writer.end();
  if (failAt) {
    if (atOrAbove > 0) io.stderr.write(`${atOrAbove} file(s) at or above ${failAt[0]}${failed > 0 ? ` (unreadable files count as ${UNREADABLE_LABEL})` : ''}\n`);
    return atOrAbove > 0 ? EXIT_AT_OR_ABOVE : 0;
  }
  return failed > 0 || expanded.unreadableDirs.length > 0 ? 1 : 0;
}
