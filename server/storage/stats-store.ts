// Contract of the dashboard figures, read from counters the writes keep.
import type { AssetSource } from '../../shared/api/schemas.ts';

/** Dashboard figures of one workspace (assets not reported removed). */
export interface AssetStats {
  readonly by_label: { name: string; level: number; color: string; count: number }[];
  readonly by_source: { source: AssetSource; count: number }[];
  /** Classifications (history entries) per UTC day since `since`, oldest first; days without any are left out. */
  readonly per_day: { day: string; count: number }[];
}

export interface StatsStore {
  assetStats(workspaceId: number, since: string): Promise<AssetStats>;
}
