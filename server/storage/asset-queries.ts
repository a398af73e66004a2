// Contract of inventory reads: keyset-paged listing with filters and substring search, and one
// asset with its history.
import type { Asset, AssetDetail, AssetSource, AssetStatus } from '../../shared/api/schemas.ts';

export interface AssetCursor {
  readonly classified_at: string;
  readonly id: number;
}

export interface AssetQuery {
  readonly q?: string | undefined;
  readonly source?: AssetSource | undefined;
  readonly status?: AssetStatus | undefined;
  /** Current label name (case-insensitive). */
  readonly label?: string | undefined;
  /** true: only assets whose text could not be read; false: only the others. */
  readonly unreadable?: boolean | undefined;
  readonly limit: number;
  /** Return only assets after this position in newest-first order. */
  readonly after?: AssetCursor | undefined;
}

export interface AssetQueries {
  /** Newest first (classified_at, then id, descending). `q` matches a case-insensitive substring of the name. */
  listAssets(workspaceId: number, query: AssetQuery): Promise<Asset[]>;
  getAsset(workspaceId: number, id: number): Promise<AssetDetail | undefined>;
}
