// Labels, rules and exclusions over SQLite.
import type { Label } from '../../../shared/engine/label-scheme.ts';
import { compareRules, type Exclusions, type RuleDefinition } from '../../../shared/engine/rule-definition.ts';
import type { Queryable, SqliteDatabase } from '../../../lib/sqlite-database.ts';
import type { Policy, PolicyStore } from '../policy-store.ts';
import { workspaceById } from './rows.ts';

async function readPolicy(db: Queryable, workspaceId: number): Promise<Policy> {
  const labels = await db.all<Label>('SELECT name, level, color FROM labels WHERE workspace_id = ? ORDER BY level', [workspaceId]);
  const rows = await db.all<{ definition: string }>('SELECT definition FROM rules WHERE workspace_id = ? ORDER BY priority, name', [workspaceId]);
  const rules = rows.map((r) => JSON.parse(r.definition) as RuleDefinition).sort(compareRules);
  const ws = await db.get<{ exclusions: string }>('SELECT exclusions FROM workspaces WHERE id = ?', [workspaceId]);
  return { labels, rules, exclusions: JSON.parse(ws?.exclusions ?? '{"values":[],"patterns":[],"stop_words":[]}') as Exclusions };
}

/** Replaces the workspace's labels, rules and exclusions (inside the caller's transaction). */
export async function writePolicy(tx: Queryable, workspaceId: number, policy: Policy, at: string): Promise<void> {
  await tx.run('DELETE FROM labels WHERE workspace_id = ?', [workspaceId]);
  await tx.run('DELETE FROM rules WHERE workspace_id = ?', [workspaceId]);
  await tx.run('UPDATE workspaces SET exclusions = ? WHERE id = ?', [JSON.stringify(policy.exclusions), workspaceId]);
  for (const l of policy.labels) {
    await tx.run('INSERT INTO labels (workspace_id, name, level, color) VALUES (?, ?, ?, ?)', [workspaceId, l.name, l.level, l.color]);
  }
  for (const r of policy.rules) {
    await tx.run('INSERT INTO rules (workspace_id, name, priority, enabled, definition, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
      workspaceId,
      r.name,
      r.priority,
      r.enabled ? 1 : 0,
      JSON.stringify(r),
      at,
    ]);
  }
}

export function createSqlitePolicyStore(db: SqliteDatabase): PolicyStore {
  return {
    getPolicy: (workspaceId) => readPolicy(db, workspaceId),

    async updatePolicy(workspaceId, change, at) {
      return db.transaction(async (tx) => {
        await workspaceById(tx, workspaceId);
        const next = change(await readPolicy(tx, workspaceId));
        await writePolicy(tx, workspaceId, next, at);
        await tx.run('UPDATE workspaces SET policy_revision = policy_revision + 1 WHERE id = ?', [workspaceId]);
        return readPolicy(tx, workspaceId);
      });
    },
  };
}
