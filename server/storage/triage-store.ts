// Contract of the triage aggregate: what people corrected on an asset (dismissed findings, a pinned
// label) and the workspace allow-list (keyed hashes only; shared/engine/allow-list.ts).
import type { Asset } from '../../shared/api/schemas.ts';
import type { AllowListDefinition } from '../../shared/engine/allow-list.ts';
import type { RuleFinding } from '../../shared/engine/finding.ts';
import type { Recomputed } from '../../shared/engine/dismissals.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';

export const DISMISSAL_REASONS = ['false_positive', 'test_data', 'accepted_risk'] as const;
export type DismissalReason = (typeof DISMISSAL_REASONS)[number];

export interface Dismissal {
  readonly id: number;
  readonly rule: string;
  readonly detector: string;
  readonly reason: DismissalReason;
  readonly note: string;
  readonly actor: string;
  readonly created_at: string;
}

export interface Pin {
  readonly label: Label;
  readonly reason: string;
  readonly actor: string;
  readonly pinned_at: string;
}

export interface AssetTriageState {
  readonly asset: Asset;
  /** The engine's findings before dismissals (the stored findings when nothing is dismissed). */
  readonly engineFindings: readonly RuleFinding[];
  readonly dismissals: readonly Dismissal[];
  readonly pin: Pin | null;
}

export type TriageAction =
  | { readonly kind: 'dismiss'; readonly dismissal: Omit<Dismissal, 'id'> }
  | { readonly kind: 'undismiss'; readonly id: number }
  | { readonly kind: 'pin'; readonly pin: Pin }
  | { readonly kind: 'unpin' };

/** What an asset shows after a triage change; `label` is ignored while a pin holds. */
export type TriageResult = Recomputed;

export interface TriageHistory {
  readonly actor: string;
  readonly reason: string;
  readonly at: string;
}

export interface AllowListEntry {
  readonly id: number;
  readonly reason: string;
  readonly actor: string;
  readonly created_at: string;
}

export interface NewAllowListEntry {
  /** HMAC-SHA256 of each normal form of the value; the first (compact form) identifies the entry. */
  readonly hashes: readonly string[];
  readonly reason: string;
  readonly actor: string;
  readonly created_at: string;
}

export interface AgentTriageRows {
  readonly dismissals: { name: string; rule: string; detector: string }[];
  readonly pins: { name: string; label: Label }[];
  readonly totals: { readonly dismissals: number; readonly pins: number };
}

export interface TriageStore {
  getTriage(workspaceId: number, assetId: number): Promise<AssetTriageState | undefined>;
  /**
   * In one transaction: applies `action` (NotFoundError for an unknown dismissal or no pin to
   * remove, ConflictError for a finding already dismissed), stores what `recompute` makes of the
   * new state as the asset's findings and label (the pinned label while a pin holds), and appends
   * a history entry with the actor and reason. Undefined when there is no such asset.
   */
  changeTriage(workspaceId: number, assetId: number, action: TriageAction, recompute: (s: AssetTriageState) => TriageResult, history: TriageHistory): Promise<AssetTriageState | undefined>;
  /**
   * The dismissals and pins of agent-sourced assets (only names starting with `namePrefix` when
   * given), in name order, at most `limit` of each, with how many there are in all.
   */
  agentTriage(workspaceId: number, namePrefix: string | null, limit: number): Promise<AgentTriageRows>;

  listAllowList(workspaceId: number): Promise<AllowListEntry[]>;
  /**
   * Adds an entry: `hashesOf` gets the workspace's allow-list key (`newKey` is stored first when
   * it has none). ConflictError when the value is already listed. Bumps the policy revision.
   */
  addAllowListEntry(workspaceId: number, newKey: string, entryOf: (key: string) => NewAllowListEntry): Promise<AllowListEntry>;
  /** Removes an entry; false when there is none with this id. Bumps the policy revision. */
  removeAllowListEntry(workspaceId: number, id: number): Promise<boolean>;
  /** What the engine needs: the key and every hash. */
  allowListDefinition(workspaceId: number): Promise<AllowListDefinition>;
}
