// Contract of asset writes: classifications saved (group-committed, under the quota) and assets
// reported removed.
import type { Asset, AssetSource } from '../../shared/api/schemas.ts';
import type { DismissedDetector, Recomputed } from '../../shared/engine/dismissals.ts';
import type { RuleFinding } from '../../shared/engine/finding.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';

export interface NewClassification {
  readonly source: AssetSource;
  readonly name: string;
  readonly asset_type: string | null;
  readonly label: Label;
  readonly matched_rules: readonly string[];
  readonly findings: RuleFinding[];
  readonly classified_at: string;
  /** Why the text could not be read ("encrypted: …"); absent or null for a classified asset. */
  readonly unreadable?: string | null;
  /** The engine's findings when some were dismissed (then `findings` are what is left); absent otherwise. */
  readonly engine_findings?: readonly RuleFinding[] | null;
  /**
   * Takes the asset's dismissed findings out of this classification; called in the write batch's
   * transaction when the asset has some (batch-dismissals.ts). Absent: nothing is taken out.
   */
  readonly dismiss?: (dismissed: readonly DismissedDetector[]) => Recomputed;
}

export interface AssetWriter {
  /**
   * Inserts or updates the asset (same source and name keep their id; a removed asset comes back)
   * and appends history (with the classification's label). A pinned asset keeps its label.
   * Throws AssetQuotaError. Removed assets still count against the quota.
   */
  saveClassification(workspaceId: number, c: NewClassification): Promise<{ asset: Asset }>;
  /** Marks the asset removed (keeps it and its history); undefined when there is no such asset. */
  markAssetRemoved(workspaceId: number, source: AssetSource, name: string, at: string): Promise<Asset | undefined>;
}
