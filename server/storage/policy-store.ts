// Contract of the policy aggregate: a workspace's labels, rules and exclusions, changed together.
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { Exclusions, RuleDefinition } from '../../shared/engine/rule-definition.ts';

export interface Policy {
  readonly labels: readonly Label[];
  /** All rules, enabled or not, in priority order. */
  readonly rules: readonly RuleDefinition[];
  /** Workspace-wide exclusions, applied to every rule. */
  readonly exclusions: Exclusions;
}

export interface PolicyStore {
  getPolicy(workspaceId: number): Promise<Policy>;
  /**
   * Read-modify-write of labels and rules in one transaction: `change` gets the current policy
   * and returns the new one (or throws to abort). Bumps the policy revision.
   */
  updatePolicy(workspaceId: number, change: (current: Policy) => Policy, at: string): Promise<Policy>;
}
