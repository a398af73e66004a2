// What people corrected on this agent's files on the server (GET /api/v1/triage: dismissed
// findings and pinned labels, by asset name), indexed by name and applied to a local
// classification exactly as the server applies them: dismissals with the server's own
// withoutDismissed, then the pinned label over the rules' label. So a file's local label is the
// label the inventory keeps.
import { type AgentTriage, agentTriageSchema } from '../../shared/api/triage-schemas.ts';
import type { Classification } from '../../shared/engine/classify.ts';
import type { CompiledPolicy } from '../../shared/engine/compile-policy.ts';
import { type DismissedDetector, withoutDismissed } from '../../shared/engine/dismissals.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';

export interface FileTriage {
  readonly dismissed: readonly DismissedDetector[];
  readonly pin: Label | null;
}

export interface TriageIndex {
  /** By asset name (`host:path`). */
  readonly files: ReadonlyMap<string, FileTriage>;
  /** Left out of the served document past its limit: those files are labelled without them. */
  readonly omitted: { readonly dismissals: number; readonly pins: number };
}

export const EMPTY_TRIAGE: TriageIndex = { files: new Map(), omitted: { dismissals: 0, pins: 0 } };

/** Indexes a served document (null: the server has none, or predates it); throws a zod error on a malformed one. */
export function triageIndex(served: unknown): TriageIndex {
  if (served === null || served === undefined) return EMPTY_TRIAGE;
  const doc: AgentTriage = agentTriageSchema.parse(served);
  const files = new Map<string, { dismissed: DismissedDetector[]; pin: Label | null }>();
  const entry = (name: string) => {
    let e = files.get(name);
    if (!e) files.set(name, (e = { dismissed: [], pin: null }));
    return e;
  };
  for (const d of doc.dismissals) entry(d.name).dismissed.push({ rule: d.rule, detector: d.detector });
  for (const p of doc.pins) entry(p.name).pin = p.label;
  return { files, omitted: doc.omitted };
}

/** The names whose triage differs between two indexes (added, removed or changed). */
export function changedNames(before: TriageIndex, after: TriageIndex): string[] {
  const key = (t: FileTriage | undefined) => (t === undefined ? '' : JSON.stringify(t));
  const names = new Set([...before.files.keys(), ...after.files.keys()]);
  return [...names].filter((n) => key(before.files.get(n)) !== key(after.files.get(n)));
}

export interface TriagedClassification extends Classification {
  /** Whether `label` is a pinned label rather than the rules' label. */
  readonly pinned: boolean;
}

/** A classification of the named file with its dismissals taken out and its pinned label kept, as the server stores it. */
export function applyFileTriage(compiled: CompiledPolicy, labels: readonly Label[], triage: TriageIndex, name: string, result: Classification): TriagedClassification {
  const t = triage.files.get(name);
  if (!t) return { ...result, pinned: false };
  const kept = t.dismissed.length > 0 ? withoutDismissed(compiled, labels, result.findings, t.dismissed) : result;
  return { label: t.pin ?? kept.label, matched_rules: kept.matched_rules, findings: kept.findings, pinned: t.pin !== null };
}
