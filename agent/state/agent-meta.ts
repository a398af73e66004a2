// Small named values the agent keeps beside its index (last sync, scan progress, delivery
// state), stored as JSON so that `assay agent status` can read them from another process.
import type { Queryable } from '../../lib/sqlite-database.ts';

export const META_KEYS = ['last_sync', 'scan', 'delivery', 'rules'] as const;
export type MetaKey = (typeof META_KEYS)[number];

export async function readMeta<T>(db: Queryable, key: MetaKey): Promise<T | null> {
  const row = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

export async function writeMeta(db: Queryable, key: MetaKey, value: unknown): Promise<void> {
  await db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
}
