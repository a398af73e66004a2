// Triage: people correct the classifier on one asset (dismiss a finding, pin a label) or for the
// whole workspace (allow-list a value). Each action is one function here, so the audit log can be
// added in one place per action. Values are never stored, logged or returned: only keyed hashes.
import { randomBytes } from 'node:crypto';
import { allowListHash, normalForms } from '../../shared/engine/allow-list.ts';
import { detectorsOf, withoutDismissed } from '../../shared/engine/dismissals.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AllowListEntry, AssetTriageState, Dismissal, Pin, Repository, TriageAction, Workspace } from '../storage/repository.ts';
import type { DismissalReason } from '../storage/triage-store.ts';
import type { PolicyCache } from './policy-cache.ts';

export interface DismissInput {
  readonly rule: string;
  readonly detector: string;
  readonly reason: DismissalReason;
  readonly note: string;
}

export interface Triage {
  listDismissals(ws: Workspace, assetId: number): Promise<Dismissal[]>;
  dismiss(ws: Workspace, assetId: number, input: DismissInput, actor: string): Promise<{ dismissal: Dismissal; state: AssetTriageState }>;
  undismiss(ws: Workspace, assetId: number, dismissalId: number, actor: string): Promise<AssetTriageState>;
  getPin(ws: Workspace, assetId: number): Promise<Pin>;
  pin(ws: Workspace, assetId: number, input: { label: string; reason: string }, actor: string): Promise<AssetTriageState>;
  unpin(ws: Workspace, assetId: number, actor: string): Promise<AssetTriageState>;
  listAllowList(ws: Workspace): Promise<AllowListEntry[]>;
  allow(ws: Workspace, input: { value: string; reason: string }, actor: string): Promise<AllowListEntry>;
  disallow(ws: Workspace, id: number): Promise<void>;
}

const invalid = (field: string, msg: string) => new RequestValidationError([{ loc: ['body', field], msg, type: 'value_error' }]);

export function createTriage(deps: { repo: Repository; clock: Clock; policies: PolicyCache }): Triage {
  const { repo, clock, policies } = deps;
  const now = () => apiTimestamp(clock.now());

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

    async dismiss(ws, assetId, input, actor) {
      await stateOf(ws, assetId); // 404 before 422: the asset is the resource
      const { policy } = await policies.get(ws);
      const rule = policy.rules.find((r) => r.name === input.rule);
      if (!rule) throw invalid('rule', `no rule named "${input.rule}" in this workspace`);
      const detectors = detectorsOf(rule);
      if (!detectors.includes(input.detector)) throw invalid('detector', `rule "${rule.name}" has no detector "${input.detector}" (it has: ${detectors.join(', ') || 'none'})`);
      const dismissal = { rule: rule.name, detector: input.detector, reason: input.reason, note: input.note, actor, created_at: now() };
      const state = await change(ws, assetId, { kind: 'dismiss', dismissal }, actor, `dismissed ${rule.name} / ${input.detector}: ${input.reason}`);
      const made = state.dismissals.find((d) => d.rule === rule.name && d.detector === input.detector)!;
      return { dismissal: made, state };
    },

    async undismiss(ws, assetId, dismissalId, actor) {
      const found = (await stateOf(ws, assetId)).dismissals.find((d) => d.id === dismissalId);
      if (!found) throw new NotFoundError();
      return change(ws, assetId, { kind: 'undismiss', id: dismissalId }, actor, `dismissal undone: ${found.rule} / ${found.detector}`);
    },

    async getPin(ws, assetId) {
      const { pin } = await stateOf(ws, assetId);
      if (!pin) throw new NotFoundError();
      return pin;
    },

    async pin(ws, assetId, input, actor) {
      await stateOf(ws, assetId);
      const { policy } = await policies.get(ws);
      const label = policy.labels.find((l) => l.name.toLowerCase() === input.label.toLowerCase());
      if (!label) throw invalid('label', `no label named "${input.label}" in this workspace`);
      const pin = { label, reason: input.reason, actor, pinned_at: now() };
      return change(ws, assetId, { kind: 'pin', pin }, actor, `pinned ${label.name}: ${input.reason}`);
    },

    unpin: (ws, assetId, actor) => change(ws, assetId, { kind: 'unpin' }, actor, 'unpinned'),

    listAllowList: (ws) => repo.listAllowList(ws.id),

    async allow(ws, input, actor) {
      const forms = normalForms(input.value);
      if (forms.length === 0) throw invalid('value', 'the value has nothing left once spaces, dots and dashes are removed');
      return repo.addAllowListEntry(ws.id, randomBytes(32).toString('base64url'), (key) => ({
        hashes: forms.map((f) => allowListHash(Buffer.from(key, 'base64url'), f)),
        reason: input.reason,
        actor,
        created_at: now(),
      }));
    },

    async disallow(ws, id) {
      if (!(await repo.removeAllowListEntry(ws.id, id))) throw new NotFoundError();
    },
  };
}
