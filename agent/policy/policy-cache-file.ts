// The rules, labels and allow-list (keyed hashes) pulled from the server, and the triage of this
// agent's files (dismissals and pins, file-triage.ts), kept on disk (STATE_DIR/policy.json, mode
// 0600) with their ETags, and compiled with the engine the server uses. Served rules are opaque
// JSON here: only compileServedPolicy looks inside them.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../shared/api/schemas.ts';
import { type AllowListDefinition, allowListDefinitionSchema } from '../../shared/engine/allow-list.ts';
import type { CompiledPolicy } from '../../shared/engine/compile-policy.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import { compileServedPolicy } from '../../shared/engine/served-policy.ts';
import { policyVersion } from '../../shared/engine/policy-version.ts';
import { type TriageIndex, triageIndex } from './file-triage.ts';

export const POLICY_FILE = 'policy.json';

/** What GET /labels, GET /rules, GET /allowlist and GET /triage served, as stored on disk. */
export interface ServedPolicy {
  readonly labels: readonly unknown[];
  readonly rules: readonly unknown[];
  readonly labels_etag: string | null;
  readonly rules_etag: string | null;
  /** `{key, hashes}`; absent or null when the server has none (or predates allow-lists). */
  readonly allowlist?: unknown;
  readonly allowlist_etag?: string | null;
  /** GET /triage?host=HOSTNAME; absent or null when the server has none (or predates it). */
  readonly triage?: unknown;
  readonly triage_etag?: string | null;
  readonly fetched_at: string;
}

export interface LoadedPolicy {
  /** Changes exactly when the served labels, rules or allow-list change (not with the triage: only the files it names are looked at again). */
  readonly version: string;
  readonly compiled: CompiledPolicy;
  readonly served: ServedPolicy;
  /** The served allow-list, parsed (absent when the server has none): the classification workers compile it too. */
  readonly allowList?: AllowListDefinition;
  /** Label name → level, from the served labels. */
  readonly levels: ReadonlyMap<string, number>;
  /** Dismissals and pins of this agent's files, by asset name. */
  readonly triage: TriageIndex;
}

/** Compiles served labels and rules; throws (a DefinitionError or a zod error) when they do not compile. */
export function loadServedPolicy(served: ServedPolicy): LoadedPolicy {
  const labels = served.labels as Label[];
  const allowList = served.allowlist === null || served.allowlist === undefined ? undefined : allowListDefinitionSchema.parse(served.allowlist);
  const compiled = compileServedPolicy(labels, served.rules as Rule[], allowList);
  return {
    version: policyVersion(served.labels, served.rules, served.allowlist),
    compiled,
    served,
    ...(allowList ? { allowList } : {}),
    levels: new Map(labels.map((l) => [l.name, l.level])),
    triage: triageIndex(served.triage),
  };
}

/** `{labels: [...], rules: [...], allowlist?: {...}}` (ETags and time optional) as a ServedPolicy, else null. */
function asServed(v: unknown): ServedPolicy | null {
  const o = v as Partial<ServedPolicy> | null;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.labels) || !Array.isArray(o.rules)) return null;
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const allowlist = typeof o.allowlist === 'object' && o.allowlist !== null ? { allowlist: o.allowlist, allowlist_etag: str(o.allowlist_etag) } : {};
  const triage = typeof o.triage === 'object' && o.triage !== null ? { triage: o.triage, triage_etag: str(o.triage_etag) } : {};
  return { labels: o.labels, rules: o.rules, labels_etag: str(o.labels_etag), rules_etag: str(o.rules_etag), ...allowlist, ...triage, fetched_at: str(o.fetched_at) ?? '' };
}

/** The cached policy, or null when there is none (or it is unreadable). */
export function readPolicyFile(stateDir: string): ServedPolicy | null {
  let text: string;
  try {
    text = readFileSync(join(stateDir, POLICY_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    return asServed(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Atomic replace: a crash leaves either the old file or the new one. */
export function writePolicyFile(stateDir: string, served: ServedPolicy): void {
  const file = join(stateDir, POLICY_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(served, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * A rules file for `assay classify --rules`: the agent's policy.json shape (`{labels, rules}`), or
 * the array GET /rules returns together with the array GET /labels returns.
 */
export function servedPolicyFromFiles(rulesJson: unknown, labelsJson: unknown | undefined): ServedPolicy {
  const combined = asServed(rulesJson);
  if (combined) return combined;
  if (!Array.isArray(rulesJson)) throw new Error('the rules file must hold the JSON array of GET /api/v1/rules, or {"labels": [...], "rules": [...]}');
  if (labelsJson === undefined) throw new Error('with a rules array, pass --labels FILE (the JSON array of GET /api/v1/labels)');
  if (!Array.isArray(labelsJson)) throw new Error('the labels file must hold the JSON array of GET /api/v1/labels');
  return { labels: labelsJson, rules: rulesJson, labels_etag: null, rules_etag: null, fetched_at: '' };
}
