// Labels, rules and exclusions over PostgreSQL. A change locks the workspace row, so two nodes
// changing one policy apply one after the other; the revision it bumps is read with every key.
import type { Label } from '../../../shared/engine/label-scheme.ts';
import { compareRules, type Exclusions, type RuleDefinition } from '../../../shared/engine/rule-definition.ts';
import type { Policy, PolicyStore } from '../policy-store.ts';
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import { pgWorkspaceById } from './pg-rows.ts';

async function readPgPolicy(db: PgQueryable, workspaceId: number): Promise<Policy> {
  const labels = await db.all<Label>('SELECT name, level, color FROM labels WHERE workspace_id = $1 ORDER BY level', [workspaceId]);
  const rows = await db.all<{ definition: string }>('SELECT definition FROM rules WHERE workspace_id = $1 ORDER BY priority, lower(name)', [workspaceId]);
  const rules = rows.map((r) => JSON.parse(r.definition) as RuleDefinition).sort(compareRules);
  const ws = await db.get<{ exclusions: string }>('SELECT exclusions FROM workspaces WHERE id = $1', [workspaceId]);
  return { labels, rules, exclusions: JSON.parse(ws?.exclusions ?? '{"values":[],"patterns":[],"stop_words":[]}') as Exclusions };
}

/** Replaces the workspace's labels, rules and exclusions (inside the caller's transaction). */
export async function writePgPolicy(tx: PgQueryable, workspaceId: number, policy: Policy, at: string): Promise<void> {
  await tx.all('DELETE FROM labels WHERE workspace_id = $1', [workspaceId]);
  await tx.all('DELETE FROM rules WHERE workspace_id = $1', [workspaceId]);
  await tx.all('UPDATE workspaces SET exclusions = $1 WHERE id = $2', [JSON.stringify(policy.exclusions), workspaceId]);
  await tx.all(
    `INSERT INTO labels (workspace_id, name, level, color)
       SELECT $1, l.name, l.level, l.color FROM jsonb_to_recordset($2::jsonb) AS l(name text, level integer, color text)`,
    [workspaceId, JSON.stringify(policy.labels)],
  );
  await tx.all(
    `INSERT INTO rules (workspace_id, name, priority, enabled, definition, updated_at)
       SELECT $1, r.name, r.priority, r.enabled, r.definition, $3
         FROM jsonb_to_recordset($2::jsonb) AS r(name text, priority integer, enabled boolean, definition text)`,
    [workspaceId, JSON.stringify(policy.rules.map((r) => ({ name: r.name, priority: r.priority, enabled: r.enabled, definition: JSON.stringify(r) }))), at],
  );
}

export function createPgPolicyStore(db: PgDatabase): PolicyStore {
  return {
    getPolicy: (workspaceId) => readPgPolicy(db, workspaceId),

    async updatePolicy(workspaceId, change, at) {
      return db.transaction(async (tx) => {
        await pgWorkspaceById(tx, workspaceId, true);
        const next = change(await readPgPolicy(tx, workspaceId));
        await writePgPolicy(tx, workspaceId, next, at);
        await tx.all('UPDATE workspaces SET policy_revision = policy_revision + 1 WHERE id = $1', [workspaceId]);
        return readPgPolicy(tx, workspaceId);
      });
    },
  };
}
