// Triage: people correct the classifier on one asset (dismiss a finding, pin a label) or for the
// whole workspace (allow-list a value). Each action is one function here, recorded in the audit
// log in one place. Values are never stored, logged or returned: only keyed hashes. Agents pull
// the dismissals and pins of their files through GET /api/v1/triage (agent-triage-route.ts).
import { randomBytes } from 'node:crypto';
import { allowListHash, normalForms } from '../../shared/engine/allow-list.ts';
import { detectorsOf, withoutDismissed } from '../../shared/engine/dismissals.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AllowListEntry, AssetTriageState, Dismissal, Pin, Repository, TriageAction, Workspace } from '../storage/repository.ts';
import type { DismissalReason } from '../storage/triage-store.ts';
import type { AuditAction } from '../../shared/api/audit-schemas.ts';
import type { AuditOrigin, AuditTrail } from './audit-trail.ts';
import type { PolicyCache } from './policy-cache.ts';

export interface DismissInput {
  readonly rule: string;
  readonly detector: string;
  readonly reason: DismissalReason;
  readonly note: string;
}

export interface Triage {
  listDismissals(ws: Workspace, assetId: number): Promise<Dismissal[]>;
  dismiss(ws: Workspace, assetId: number, input: DismissInput, by: AuditOrigin): Promise<{ dismissal: Dismissal; state: AssetTriageState }>;
  undismiss(ws: Workspace, assetId: number, dismissalId: number, by: AuditOrigin): Promise<AssetTriageState>;
  getPin(ws: Workspace, assetId: number): Promise<Pin>;
  pin(ws: Workspace, assetId: number, input: { label: string; reason: string }, by: AuditOrigin): Promise<AssetTriageState>;
  unpin(ws: Workspace, assetId: number, by: AuditOrigin): Promise<AssetTriageState>;
  listAllowList(ws: Workspace): Promise<AllowListEntry[]>;
  allow(ws: Workspace, input: { value: string; reason: string }, by: AuditOrigin): Promise<AllowListEntry>;
  disallow(ws: Workspace, id: number, by: AuditOrigin): Promise<void>;
}

const invalid = (field: string, msg: string) => new RequestValidationError([{ loc: ['body', field], msg, type: 'value_error' }]);

/** Each action is recorded in the audit log with its actor (never an allow-listed value: only the entry's id and reason). */
export function createTriage(deps: { repo: Repository; clock: Clock; policies: PolicyCache; audit: AuditTrail }): Triage {
  const { repo, clock, policies, audit } = deps;
  const now = () => apiTimestamp(clock.now());
  const record = (ws: Workspace, action: AuditAction, by: AuditOrigin, target: string, changes: Record<string, unknown>) =>
    audit.record({ workspace_id: ws.id, action, ...by, target, changes });

  async function stateOf(ws: Workspace, assetId: number): Promise<AssetTriageState> {
    const state = await repo.getTriage(ws.id, assetId);
    if (!state) throw new NotFoundError();
    return state;
  }

  /** One triage change in one transaction: the findings and label recomputed from the engine's findings. */
  async function change(ws: Workspace, assetId: number, action: TriageAction, actor: string, reason: string): Promise<AssetTriageState> {
    const { policy, compiled } = await policies.get(ws);
    const state = await repo.changeTriage(
      ws.id,
      assetId,
      action,
      (s) => {
        const r = withoutDismissed(compiled, policy.labels, s.engineFindings, s.dismissals);
        // An unreadable asset keeps the label it was given for that (it has no findings).
        return s.asset.unreadable === null ? r : { ...r, label: s.asset.label };
      },
      { actor, reason, at: now() },
    );
    if (!state) throw new NotFoundError();
    return state;
  }

  return {
    listDismissals: async (ws, assetId) => [...(await stateOf(ws, assetId)).dismissals],

    async dismiss(ws, assetId, input, by) {
      const actor = by.actor.name;
      await stateOf(ws, assetId); // 404 before 422: the asset is the resource
      const { policy } = await policies.get(ws);
      const rule = policy.rules.find((r) => r.name === input.rule);
      if (!rule) throw invalid('rule', `no rule named "${input.rule}" in this workspace`);
      const detectors = detectorsOf(rule);
      if (!detectors.includes(input.detector)) throw invalid('detector', `rule "${rule.name}" has no detector "${input.detector}" (it has: ${detectors.join(', ') || 'none'})`);
      const dismissal = { rule: rule.name, detector: input.detector, reason: input.reason, note: input.note, actor, created_at: now() };
      const state = await change(ws, assetId, { kind: 'dismiss', dismissal }, actor, `dismissed ${rule.name} / ${input.detector}: ${input.reason}`);
      const made = state.dismissals.find((d) => d.rule === rule.name && d.detector === input.detector)!;
      await record(ws, 'finding.dismissed', by, `asset ${assetId}`, { dismissal_id: made.id, rule: made.rule, detector: made.detector, reason: made.reason, label: state.asset.label.name });
      return { dismissal: made, state };
    },

    async undismiss(ws, assetId, dismissalId, by) {
      const found = (await stateOf(ws, assetId)).dismissals.find((d) => d.id === dismissalId);
      if (!found) throw new NotFoundError();
      const state = await change(ws, assetId, { kind: 'undismiss', id: dismissalId }, by.actor.name, `dismissal undone: ${found.rule} / ${found.detector}`);
      await record(ws, 'finding.undismissed', by, `asset ${assetId}`, { dismissal_id: dismissalId, rule: found.rule, detector: found.detector, label: state.asset.label.name });
      return state;
    },

    async getPin(ws, assetId) {
      const { pin } = await stateOf(ws, assetId);
      if (!pin) throw new NotFoundError();
      return pin;
    },

    async pin(ws, assetId, input, by) {
      const actor = by.actor.name;
      await stateOf(ws, assetId);
      const { policy } = await policies.get(ws);
      const label = policy.labels.find((l) => l.name.toLowerCase() === input.label.toLowerCase());
      if (!label) throw invalid('label', `no label named "${input.label}" in this workspace`);
      const pin = { label, reason: input.reason, actor, pinned_at: now() };
      const state = await change(ws, assetId, { kind: 'pin', pin }, actor, `pinned ${label.name}: ${input.reason}`);
      await record(ws, 'asset.pinned', by, `asset ${assetId}`, { label: label.name, reason: input.reason });
      return state;
    },

    async unpin(ws, assetId, by) {
      const state = await change(ws, assetId, { kind: 'unpin' }, by.actor.name, 'unpinned');
      await record(ws, 'asset.unpinned', by, `asset ${assetId}`, { label: state.asset.label.name });
      return state;
    },

    listAllowList: (ws) => repo.listAllowList(ws.id),

    async allow(ws, input, by) {
      const forms = normalForms(input.value);
      if (forms.length === 0) throw invalid('value', 'the value has nothing left once spaces, dots and dashes are removed');
      const entry = await repo.addAllowListEntry(ws.id, randomBytes(32).toString('base64url'), (key) => ({
        hashes: forms.map((f) => allowListHash(Buffer.from(key, 'base64url'), f)),
        reason: input.reason,
        actor: by.actor.name,
        created_at: now(),
      }));
      await record(ws, 'allowlist.added', by, `allow-list entry ${entry.id}`, { reason: input.reason });
      return entry;
    },

    async disallow(ws, id, by) {
      if (!(await repo.removeAllowListEntry(ws.id, id))) throw new NotFoundError();
      await record(ws, 'allowlist.removed', by, `allow-list entry ${id}`, {});
    },
  };
}
