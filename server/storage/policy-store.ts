// Contract of the policy aggregate: a workspace's labels, rules and exclusions, changed together.
import type { PolicyDefinitions } from '../../shared/classify-pool/classify-protocol.ts';

/** What is stored is what the classification workers compile: one shape for both. */
export type Policy = PolicyDefinitions;

export interface PolicyStore {
  getPolicy(workspaceId: number): Promise<Policy>;
  /**
   * Read-modify-write of labels and rules in one transaction: `change` gets the current policy
   * and returns the new one (or throws to abort). Bumps the policy revision.
   */
  updatePolicy(workspaceId: number, change: (current: Policy) => Policy, at: string): Promise<Policy>;
}
