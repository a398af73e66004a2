// Compiled policies per workspace (with the allow-list, whose changes bump the revision too), kept
// until the workspace's policy revision changes.
// Compiling regexes on every request would cost more than classifying.
import { type CompiledPolicy, compilePolicy } from '../../shared/engine/compile-policy.ts';
import { createScanHost } from '../../shared/engine/scanner/scan-host.ts';
import type { Policy, Repository, Workspace } from '../storage/repository.ts';

export interface PolicyCache {
  get(workspace: Workspace): Promise<{ policy: Policy; compiled: CompiledPolicy }>;
}

/** `onLookup` is told whether each lookup found a current compiled policy (for /metrics). */
export function createPolicyCache(repo: Repository, maxEntries = 1000, onLookup?: (hit: boolean) => void): PolicyCache {
  const entries = new Map<number, { revision: number; value: Promise<{ policy: Policy; compiled: CompiledPolicy }> }>();
  const scanHost = createScanHost(); // one scanner instance for all the cached policies
  return {
    get(workspace) {
      const hit = entries.get(workspace.id);
      const current = hit !== undefined && hit.revision === workspace.policy_revision;
      onLookup?.(current);
      if (current) return hit.value;
      const value = Promise.all([repo.getPolicy(workspace.id), repo.allowListDefinition(workspace.id)]).then(([stored, allowList]) => {
        const policy: Policy = { ...stored, allow_list: allowList };
        return { policy, compiled: compilePolicy(policy.labels, policy.rules, policy.exclusions, allowList, { scanHost }) };
      });
      // A failed load is not cached, so the next request tries again.
      value.catch(() => entries.delete(workspace.id));
      entries.delete(workspace.id);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(workspace.id, { revision: workspace.policy_revision, value });
      return value;
    },
  };
}
