// Messages between the classification pool and its worker threads.
import type { AllowListDefinition } from '../engine/allow-list.ts';
import type { Exclusions, RuleDefinition } from '../engine/rule-definition.ts';
import type { Label } from '../engine/label-scheme.ts';
import type { AssetInput, Classification } from '../engine/classify.ts';

/** What the worker compiles; the same definitions give the same compiled policy everywhere. */
export interface PolicyDefinitions {
  readonly labels: readonly Label[];
  /** All rules, enabled or not, in priority order. */
  readonly rules: readonly RuleDefinition[];
  /** Workspace-wide exclusions, applied to every rule. */
  readonly exclusions: Exclusions;
  /** The workspace allow-list (keyed hashes of values); absent when there is none. */
  readonly allow_list?: AllowListDefinition | undefined;
}

export interface ClassifyRequest {
  readonly id: number;
  /** Identifies the policy (e.g. workspace and revision); the worker keeps compiled policies by key. */
  readonly key: string;
  /** Sent when the worker may not have this key compiled (it answers `missing` otherwise). */
  readonly policy: PolicyDefinitions | null;
  readonly asset: AssetInput;
}

export type ClassifyReply =
  | { readonly type: 'ready' }
  | { readonly id: number; readonly type: 'result'; readonly result: Classification }
  | { readonly id: number; readonly type: 'missing' }
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly rule: string | null };

/** workerData: where the worker writes the index of the rule it is evaluating (-1 between jobs). */
export interface ClassifyWorkerData {
  readonly progress: SharedArrayBuffer;
}
