// First run on an empty data directory: a `default` workspace and its first API key. The key has
// the admin role, so the person who ran `npm start` can sign in to the web console with it.
import type { Clock } from '../lib/clock.ts';
import { systemOrigin } from './services/audit-trail.ts';
import { createWorkspaceAdmin } from './services/workspace-admin.ts';
import type { Repository } from './storage/repository.ts';

export const DEFAULT_WORKSPACE = 'default';
export const FIRST_KEY_NAME = 'first-key';

/** Returns the new key when this call created the workspace, null when workspaces already exist. */
export async function bootstrapFirstRun(repo: Repository, clock: Clock): Promise<{ workspace: string; key: string } | null> {
  if ((await repo.listWorkspaces()).length > 0) return null;
  const admin = createWorkspaceAdmin({ repo, clock, origin: systemOrigin('first-run') });
  await admin.create(DEFAULT_WORKSPACE, null);
  const { key } = await admin.createKey(DEFAULT_WORKSPACE, FIRST_KEY_NAME, 'admin');
  return { workspace: DEFAULT_WORKSPACE, key };
}
