// `assay start` runs an agent beside the server. That agent gets its own key in the default
// workspace, kept in DATA_DIR/agent.key (mode 0600) so restarts reuse it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY_PATTERN, hashApiKey } from './auth/api-key.ts';
import type { Clock } from '../lib/clock.ts';
import { DEFAULT_WORKSPACE } from './bootstrap.ts';
import { systemOrigin } from './services/audit-trail.ts';
import { createWorkspaceAdmin } from './services/workspace-admin.ts';
import type { Repository } from './storage/repository.ts';

export const LOCAL_AGENT_KEY_FILE = 'agent.key';

/** Returns the path of the key file, creating the key (and file) when missing or unusable. */
export async function ensureLocalAgentKey(repo: Repository, clock: Clock, dataDir: string): Promise<string> {
  const file = join(dataDir, LOCAL_AGENT_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (API_KEY_PATTERN.test(key)) {
      const found = await repo.findApiKeyByHash(hashApiKey(key));
      if (found && found.key.revoked_at === null) return file;
    }
  }
  const admin = createWorkspaceAdmin({ repo, clock, origin: systemOrigin('start') });
  const { key } = await admin.createKey(DEFAULT_WORKSPACE, `local-agent-${clock.now().getTime()}`);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return file;
}
