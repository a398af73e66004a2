// Dashboard figures over PostgreSQL, from the counters the schema's triggers keep.
import type { AssetSource } from '../../../shared/api/schemas.ts';
import type { AssetStats, StatsStore } from '../stats-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgStatsStore(db: PgDatabase): StatsStore {
  return {
    async assetStats(workspaceId, since): Promise<AssetStats> {
      const byLabel = await db.all<{ name: string; level: number; color: string; count: number }>(
        `SELECT label_name AS name, label_level AS level, MAX(label_color) AS color, SUM(n) AS count FROM asset_label_counts
          WHERE workspace_id = $1 GROUP BY label_name, label_level HAVING SUM(n) > 0 ORDER BY label_level, label_name`,
        [workspaceId],
      );
      const bySource = await db.all<{ source: AssetSource; count: number }>(
        'SELECT source, SUM(n) AS count FROM asset_label_counts WHERE workspace_id = $1 GROUP BY source HAVING SUM(n) > 0 ORDER BY source COLLATE "C"',
        [workspaceId],
      );
      const perDay = await db.all<{ day: string; count: number }>(
        'SELECT day, n AS count FROM classification_day_counts WHERE workspace_id = $1 AND day >= substr($2::text, 1, 10) ORDER BY day',
        [workspaceId, since],
      );
      return { by_label: byLabel, by_source: bySource, per_day: perDay };
    },
  };
}
