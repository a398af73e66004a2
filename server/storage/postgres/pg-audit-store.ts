// The audit log over PostgreSQL: one INSERT per entry, keyset-paged reads by (workspace, id),
// newest first.
import { AUDIT_COLUMNS, type AuditRow, type AuditStore, auditValues, toAuditRecord } from '../audit-store.ts';
import type { PgDatabase, PgValue } from './pg-database.ts';

export function createPgAuditStore(db: PgDatabase): AuditStore {
  return {
    async appendAudit(entry) {
      await db.all(
        `INSERT INTO audit_log (workspace_id, at, action, actor_kind, actor_name, actor_prefix, actor_os_user, address, target, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        auditValues(entry),
      );
    },

    async listAudit(workspaceId, query) {
      const params: PgValue[] = [workspaceId];
      const where = ['workspace_id = $1'];
      const add = (sql: (n: string) => string, value: PgValue) => (params.push(value), where.push(sql(`$${params.length}`)));
      if (query.action !== undefined) add((p) => `action = ${p}`, query.action);
      if (query.actor !== undefined) add((p) => `${p} IN (actor_name, actor_prefix, actor_os_user)`, query.actor);
      if (query.beforeId !== undefined) add((p) => `id < ${p}`, query.beforeId);
      params.push(query.limit);
      const rows = await db.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`, params);
      return rows.map(toAuditRecord);
    },
  };
}
