// `assay classify FILE...`: extracts and classifies files offline with the rules the agent
// cached (or a given rules file), exactly as the agent and the server would, and prints the
// label and matched rules of each.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { classify } from '../../shared/engine/classify.ts';
import type { ExtractionResult } from '../../extract/extraction-result.ts';
import { createExtractorPool } from '../../extract/extractor-pool.ts';
import { formatForPath } from '../../extract/formats.ts';
import { assetName, assetTypeFor } from '../files/asset-identity.ts';
import { type LoadedPolicy, loadServedPolicy, readPolicyFile, servedPolicyFromFiles } from '../policy/policy-cache-file.ts';
import { type AgentCliDeps, type AgentCliIo, AgentUsageError, parseAgentArgs, stateDirFor } from './cli-support.ts';

const MIB = 1024 * 1024;

function readJson(file: string, flag: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AgentUsageError(`${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function policyFrom(values: { rules?: string | undefined; labels?: string | undefined }, stateDir: string): LoadedPolicy {
  if (values.labels !== undefined && values.rules === undefined) throw new AgentUsageError('--labels needs --rules');
  let served;
  if (values.rules !== undefined) {
    try {
      served = servedPolicyFromFiles(readJson(values.rules, '--rules'), values.labels === undefined ? undefined : readJson(values.labels, '--labels'));
    } catch (err) {
      if (err instanceof AgentUsageError) throw err;
      throw new AgentUsageError((err as Error).message);
    }
  } else {
    served = readPolicyFile(stateDir);
    if (!served) throw new AgentUsageError(`no cached rules in ${stateDir}: run the agent once (it pulls them from the server), or pass --rules FILE`);
  }
  try {
    return loadServedPolicy(served);
  } catch (err) {
    throw new AgentUsageError(`the rules do not compile: ${(err as Error).message}`);
  }
}

export async function classifyCommand(args: readonly string[], io: AgentCliIo, deps: AgentCliDeps): Promise<number> {
  const { values, positionals } = parseAgentArgs(args, {
    rules: { type: 'string' },
    labels: { type: 'string' },
    'state-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new AgentUsageError('classify needs at least one FILE');
  const { stateDir, hostname: configured } = stateDirFor(values, io, deps.cwd);
  const policy = policyFrom(values, stateDir);
  const hostname = configured ?? deps.hostname;
  const workers = Math.min(2, positionals.length);
  const pool = createExtractorPool({
    workers,
    timeoutMs: 120_000,
    maxMemoryMb: 1024,
    maxFileBytes: 1024 * MIB,
    maxTextChars: 64 * MIB,
    logger: pino({ level: 'silent' }),
  });
  let failed = 0;
  const results: unknown[] = [];
  const report = (path: string, extraction: ExtractionResult | null) => {
    if (!extraction || !extraction.ok) {
      failed++;
      const error = extraction ? `${extraction.code}: ${extraction.reason}` : 'unsupported: no extractor for this file extension';
      if (values.json) results.push({ path, error });
      else io.stderr.write(`${path}: cannot classify (${error})\n`);
      return;
    }
    const name = assetName(hostname, path);
    const asset_type = assetTypeFor(path);
    const result = classify(policy.compiled, { name, asset_type, content: extraction.text });
    if (values.json) results.push({ path, name, asset_type, label: result.label, matched_rules: result.matched_rules, findings: result.findings });
    else io.stdout.write(`${path}\t${result.label.name}\t${result.matched_rules.join(', ')}\n`);
  };
  try {
    const paths = positionals.map((p) => resolve(deps.cwd, p));
    // A few at a time, in order: thousands of files never hold their texts in memory together.
    for (let i = 0; i < paths.length; i += workers) {
      const batch = paths.slice(i, i + workers);
      const extractions = await Promise.all(batch.map((p) => (formatForPath(p) === null ? null : pool.extract(p))));
      batch.forEach((path, k) => report(path, extractions[k] ?? null));
    }
  } finally {
    await pool.close();
  }
  if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
