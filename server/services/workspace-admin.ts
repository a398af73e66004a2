// Administration of workspaces and their API keys (admin CLI, first-run bootstrap).
import { UnknownNameError } from '../../shared/errors.ts';
import { defaultRules } from '../../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../../shared/engine/rule-definition.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { ApiKeyRecord, KeyRole, Repository, Workspace, WorkspacePatch } from '../storage/repository.ts';
import { createKeyAdmin } from './key-admin.ts';

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

export function createWorkspaceAdmin(deps: { repo: Repository; clock: Clock }): WorkspaceAdmin {
  const { repo, clock } = deps;
  const now = () => apiTimestamp(clock.now());
  const keys = createKeyAdmin({ repo, clock });
  const require = async (name: string) => {
    const ws = await repo.getWorkspaceByName(name);
    if (!ws) throw new UnknownNameError('workspace', name);
    return ws;
  };
  return {
    create: (name, maxAssets) => repo.createWorkspace({ name, max_assets: maxAssets, policy: { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS }, created_at: now() }),
    require,
    list: () => repo.listWorkspaces(),
    update: async (name, patch) => repo.updateWorkspace((await require(name)).id, patch),
    async setUnreadableLabel(name, label) {
      const ws = await require(name);
      let canonical: string | null = null;
      if (label !== null) {
        const found = (await repo.getPolicy(ws.id)).labels.find((l) => l.name.toLowerCase() === label.toLowerCase());
        if (!found) throw new UnknownNameError('label', label);
        canonical = found.name;
      }
      return repo.updateWorkspace(ws.id, { unreadable_label: canonical });
    },
    createKey: async (workspaceName, keyName, role) => keys.create(await require(workspaceName), keyName, role),
    listKeys: async (workspaceName) => repo.listApiKeys((await require(workspaceName)).id),
    async revokeKey(workspaceName, keyName) {
      await keys.revoke(await require(workspaceName), keyName);
    },
  };
}
