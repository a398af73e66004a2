// What a label or rule change changed, for the audit log: per label and per rule (by name,
// case-insensitively) whether it was added or removed, and before/after of the fields that
// differ. Exclusion values are allow-listed data values, so only their number is recorded.
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { Exclusions, RuleDefinition } from '../../shared/engine/rule-definition.ts';
import type { Policy } from '../storage/repository.ts';

type Fields = Record<string, unknown>;

export interface ItemChanges {
  added?: string[];
  removed?: string[];
  changed?: { name: string; before: Fields; after: Fields }[];
}

export interface PolicyChanges {
  labels?: ItemChanges;
  rules?: ItemChanges;
  exclusions?: { before: Fields; after: Fields };
}

const counted = (e: Exclusions | undefined) => e && { values: e.values.length, patterns: e.patterns, stop_words: e.stop_words };

/** A rule as the audit log shows it: its exclusion values replaced by their number. */
function auditedRule(r: RuleDefinition): Fields {
  return { ...r, conditions: { ...r.conditions, exclusions: counted(r.conditions.exclusions) } };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldDiff(before: Fields, after: Fields): { before: Fields; after: Fields } | undefined {
  const b: Fields = {};
  const a: Fields = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[k], after[k])) continue;
    b[k] = before[k] ?? null;
    a[k] = after[k] ?? null;
  }
  return Object.keys(a).length === 0 ? undefined : { before: b, after: a };
}

function itemDiff<T extends { name: string }>(before: readonly T[], after: readonly T[], view: (item: T) => Fields): ItemChanges | undefined {
  const key = (n: string) => n.toLowerCase();
  const old = new Map(before.map((i) => [key(i.name), i]));
  const now = new Map(after.map((i) => [key(i.name), i]));
  const out: ItemChanges = {};
  for (const [k, item] of now) {
    const prev = old.get(k);
    if (!prev) (out.added ??= []).push(item.name);
    else {
      const d = fieldDiff(view(prev), view(item));
      if (d) (out.changed ??= []).push({ name: item.name, ...d });
    }
  }
  for (const [k, item] of old) if (!now.has(k)) (out.removed ??= []).push(item.name);
  return Object.keys(out).length === 0 ? undefined : out;
}

export function policyDiff(before: Policy, after: Policy): PolicyChanges {
  const out: PolicyChanges = {};
  const labels = itemDiff<Label>(before.labels, after.labels, (l) => ({ ...l }));
  if (labels) out.labels = labels;
  const rules = itemDiff<RuleDefinition>(before.rules, after.rules, auditedRule);
  if (rules) out.rules = rules;
  const exclusions = fieldDiff(counted(before.exclusions)!, counted(after.exclusions)!);
  if (exclusions) out.exclusions = exclusions;
  return out;
}
