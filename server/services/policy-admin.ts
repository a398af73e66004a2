// Administration of a workspace's labels, rules and exclusions: every change is validated as a
// whole policy (compilePolicy, plus the safety analysis of new patterns and keyword lists) inside
// the transaction that writes it, so nothing invalid is ever stored.
import { stringify } from 'yaml';
import { DefinitionError, UnknownNameError } from '../../shared/errors.ts';
import { compilePolicy } from '../../shared/engine/compile-policy.ts';
import { type Label, labelSchema } from '../../shared/engine/label-scheme.ts';
import { itemKeys, safetyItems } from '../../shared/engine/rule-safety.ts';
import { compareRules, EMPTY_EXCLUSIONS, type Exclusions, type RuleDefinition } from '../../shared/engine/rule-definition.ts';
import { parseRuleInput, withExplicitMatch } from '../../shared/engine/rule-input.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AuditAction } from '../../shared/api/audit-schemas.ts';
import type { Policy, Repository, Workspace } from '../storage/repository.ts';
import { type AuditOrigin, type AuditTrail, createAuditTrail } from './audit-trail.ts';
import { policyDiff } from './policy-diff.ts';
import type { RuleAnalyser } from './rule-analysis/rule-analyser.ts';
import { parseRuleFile } from './rule-file.ts';

/**
 * Every change is recorded in the audit log with its diff, as done by `by` (default: the
 * factory's `origin`).
 */
export interface PolicyAdmin {
  setLabel(ws: Workspace, label: unknown, by?: AuditOrigin): Promise<Policy>;
  removeLabel(ws: Workspace, name: string, by?: AuditOrigin): Promise<Policy>;
  /**
   * Replaces all rules (and the workspace exclusions, when the file has them) from YAML or JSON
   * text; with merge, adds and updates rules by name and adds to the exclusions.
   */
  importRules(ws: Workspace, text: string, opts: { merge: boolean }, by?: AuditOrigin): Promise<Policy>;
  exportRules(ws: Workspace): Promise<string>;
  setRuleEnabled(ws: Workspace, name: string, enabled: boolean, by?: AuditOrigin): Promise<Policy>;
  /** Changes a rule's enabled state and/or priority in one policy revision. */
  patchRule(ws: Workspace, name: string, patch: { enabled?: boolean | undefined; priority?: number | undefined }, by?: AuditOrigin): Promise<Policy>;
  /** Replaces the rule called `name` with `definition` (which may rename it), validated and safety-checked. */
  replaceRule(ws: Workspace, name: string, definition: unknown, by?: AuditOrigin): Promise<Policy>;
}

/**
 * What a stored policy was proven safe with (or the default catalogue, which the test suite
 * proves): a file that repeats it is not analysed again, so re-importing an export costs nothing.
 */
const storedItems = (p: Policy) => itemKeys(p.rules, p.exclusions);

/** Validates the whole policy; `extra` problems (found earlier) are reported with its own. */
function checked(next: Policy, extra: readonly string[] = []): Policy {
  try {
    compilePolicy(next.labels, next.rules, next.exclusions);
  } catch (err) {
    if (err instanceof DefinitionError) throw new DefinitionError([...err.problems, ...extra]);
    throw err;
  }
  if (extra.length > 0) throw new DefinitionError([...extra]);
  return { ...next, rules: [...next.rules].sort(compareRules) };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

export function createPolicyAdmin(deps: { repo: Repository; clock: Clock; analyser: RuleAnalyser; origin: AuditOrigin; audit?: AuditTrail }): PolicyAdmin {
  const { repo, clock, analyser } = deps;
  const audit = deps.audit ?? createAuditTrail({ repo, clock });
  /** Problems of the new patterns and keyword lists (analysed in a worker, before the write transaction opens). */
  const unsafeProblems = async (ws: Workspace, rules: readonly RuleDefinition[], exclusions: Exclusions) =>
    analyser.analyse(safetyItems(rules, exclusions, storedItems(await repo.getPolicy(ws.id))));
  /** Writes the change, then records it with what it changed. */
  const update = async (
    ws: Workspace,
    what: { action: AuditAction; target: string | null; by: AuditOrigin | undefined; extra?: Record<string, unknown> },
    change: (p: Policy) => Policy,
    extraProblems: readonly string[] = [],
  ) => {
    let before: Policy | undefined;
    const after = await repo.updatePolicy(ws.id, (p) => ((before = p), checked(change(p), extraProblems)), apiTimestamp(clock.now()));
    const changes = { ...what.extra, ...policyDiff(before!, after) };
    await audit.record({ workspace_id: ws.id, action: what.action, ...(what.by ?? deps.origin), target: what.target, changes });
    return after;
  };
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return {
    async setLabel(ws, input, by) {
      const parsed = labelSchema.safeParse(input);
      if (!parsed.success) throw new DefinitionError(parsed.error.issues.map((i) => `label ${i.path.join('.')}: ${i.message}`));
      const label: Label = parsed.data;
      return update(ws, { action: 'label.set', target: label.name, by }, (p) => ({ ...p, labels: [...p.labels.filter((l) => !sameName(l.name, label.name)), label] }));
    },
    async removeLabel(ws, name, by) {
      return update(ws, { action: 'label.removed', target: name, by }, (p) => {
        if (!p.labels.some((l) => sameName(l.name, name))) throw new UnknownNameError('label', name);
        const users = p.rules.filter((r) => sameName(r.label, name)).map((r) => `"${r.name}"`);
        if (users.length > 0) {
          throw new DefinitionError([`label "${name}" is in use by ${users.length === 1 ? 'rule' : 'rules'} ${users.join(', ')}; give those rules another label or remove them first`]);
        }
        return { ...p, labels: p.labels.filter((l) => !sameName(l.name, name)) };
      });
    },
    async importRules(ws, text, { merge }, by) {
      const file = parseRuleFile(text);
      const unsafe = await unsafeProblems(ws, file.rules, file.exclusions ?? EMPTY_EXCLUSIONS);
      return update(ws, { action: 'rules.imported', target: null, by, extra: { merge } }, (p) => {
        if (!merge) return { ...p, rules: file.rules, exclusions: file.exclusions ?? p.exclusions };
        const names = new Set(file.rules.map((r) => r.name.toLowerCase()));
        const ex = file.exclusions;
        return {
          ...p,
          rules: [...p.rules.filter((r) => !names.has(r.name.toLowerCase())), ...file.rules],
          exclusions: ex
            ? { values: union(p.exclusions.values, ex.values), patterns: union(p.exclusions.patterns, ex.patterns), stop_words: union(p.exclusions.stop_words, ex.stop_words) }
            : p.exclusions,
        };
      }, [...file.problems, ...unsafe]);
    },
    async exportRules(ws) {
      const { rules, exclusions } = await repo.getPolicy(ws.id);
      return stringify({ rules: rules.map(withExplicitMatch), exclusions }, { lineWidth: 0 });
    },
    async setRuleEnabled(ws, name, enabled, by) {
      return update(ws, { action: 'rule.changed', target: name, by }, (p) => {
        if (!p.rules.some((r) => sameName(r.name, name))) throw new UnknownNameError('rule', name);
        return { ...p, rules: p.rules.map((r) => (sameName(r.name, name) ? { ...r, enabled } : r)) };
      });
    },
    async patchRule(ws, name, { enabled, priority }, by) {
      return update(ws, { action: 'rule.changed', target: name, by }, (p) => {
        if (!p.rules.some((r) => sameName(r.name, name))) throw new UnknownNameError('rule', name);
        return {
          ...p,
          rules: p.rules.map((r) => (sameName(r.name, name) ? { ...r, enabled: enabled ?? r.enabled, priority: priority ?? r.priority } : r)),
        };
      });
    },
    async replaceRule(ws, name, definition, by) {
      const parsed = parseRuleInput(definition, ['rule']);
      if (!parsed.success) throw new DefinitionError(parsed.problems);
      const rule = parsed.data;
      const unsafe = await unsafeProblems(ws, [rule], EMPTY_EXCLUSIONS);
      return update(ws, { action: 'rule.changed', target: name, by }, (p) => {
        if (!p.rules.some((r) => sameName(r.name, name))) throw new UnknownNameError('rule', name);
        if (!sameName(rule.name, name) && p.rules.some((r) => sameName(r.name, rule.name))) throw new DefinitionError([`a rule named "${rule.name}" already exists`]);
        return { ...p, rules: [...p.rules.filter((r) => !sameName(r.name, name)), rule] };
      }, unsafe);
    },
  };
}
