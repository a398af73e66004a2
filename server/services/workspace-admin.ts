// Administration of workspaces and their API keys (admin CLI, first-run bootstrap). Every change
// is recorded in the audit log as done by the factory's `origin` (the CLI's OS user, or Assay).
import { UnknownNameError } from '../../shared/errors.ts';
import { defaultRules } from '../../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../../shared/engine/rule-definition.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AuditAction } from '../../shared/api/audit-schemas.ts';
import type { ApiKeyRecord, KeyRole, Repository, Workspace, WorkspacePatch } from '../storage/repository.ts';
import { type AuditOrigin, type AuditTrail, createAuditTrail } from './audit-trail.ts';
import { createKeyAdmin } from './key-admin.ts';

/** The audit action of a change to each workspace setting. */
function workspaceAction(field: keyof WorkspacePatch, value: unknown): AuditAction {
  switch (field) {
    case 'plan':
      return 'workspace.plan_changed';
    case 'max_assets':
      return 'workspace.quota_changed';
    case 'suspended':
      return value ? 'workspace.suspended' : 'workspace.resumed';
    case 'unreadable_label':
      return 'workspace.unreadable_label_changed';
  }
}

export interface WorkspaceAdmin {
  create(name: string, maxAssets: number | null): Promise<Workspace>;
  require(name: string): Promise<Workspace>;
  list(): Promise<Workspace[]>;
  update(name: string, patch: WorkspacePatch): Promise<Workspace>;
  /** Sets the label of unreadable files (a label of the workspace's scheme), or null for the default. */
  setUnreadableLabel(name: string, label: string | null): Promise<Workspace>;
  /** Returns the new key in clear: the only time it exists outside the client. */
  createKey(workspaceName: string, keyName: string, role?: KeyRole): Promise<{ key: string; record: ApiKeyRecord }>;
  listKeys(workspaceName: string): Promise<ApiKeyRecord[]>;
  revokeKey(workspaceName: string, keyName: string): Promise<void>;
}

export function createWorkspaceAdmin(deps: { repo: Repository; clock: Clock; origin: AuditOrigin; audit?: AuditTrail }): WorkspaceAdmin {
  const { repo, clock, origin } = deps;
  const audit = deps.audit ?? createAuditTrail({ repo, clock });
  const now = () => apiTimestamp(clock.now());
  const keys = createKeyAdmin({ repo, clock, audit });
  const require = async (name: string) => {
    const ws = await repo.getWorkspaceByName(name);
    if (!ws) throw new UnknownNameError('workspace', name);
    return ws;
  };
  /** Applies the patch and records one entry per setting it changed, with before and after. */
  const update = async (ws: Workspace, patch: WorkspacePatch) => {
    const after = await repo.updateWorkspace(ws.id, patch);
    for (const field of Object.keys(patch) as (keyof WorkspacePatch)[]) {
      if (ws[field] === after[field]) continue;
      const changes = { [field]: { before: ws[field], after: after[field] } };
      await audit.record({ workspace_id: ws.id, action: workspaceAction(field, after[field]), ...origin, target: ws.name, changes });
    }
    return after;
  };
  return {
    async create(name, maxAssets) {
      const ws = await repo.createWorkspace({ name, max_assets: maxAssets, policy: { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS }, created_at: now() });
      await audit.record({ workspace_id: ws.id, action: 'workspace.created', ...origin, target: ws.name, changes: { max_assets: maxAssets } });
      return ws;
    },
    require,
    list: () => repo.listWorkspaces(),
    update: async (name, patch) => update(await require(name), patch),
    async setUnreadableLabel(name, label) {
      const ws = await require(name);
      let canonical: string | null = null;
      if (label !== null) {
        const found = (await repo.getPolicy(ws.id)).labels.find((l) => l.name.toLowerCase() === label.toLowerCase());
        if (!found) throw new UnknownNameError('label', label);
        canonical = found.name;
      }
      return update(ws, { unreadable_label: canonical });
    },
    createKey: async (workspaceName, keyName, role) => keys.create(await require(workspaceName), keyName, role, origin),
    listKeys: async (workspaceName) => repo.listApiKeys((await require(workspaceName)).id),
    async revokeKey(workspaceName, keyName) {
      await keys.revoke(await require(workspaceName), keyName, origin);
    },
  };
}
