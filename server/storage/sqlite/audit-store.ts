// The audit log over SQLite: one INSERT per entry, keyset-paged reads by id, newest first.
import type { SqliteDatabase, SqlValue } from '../../../lib/sqlite-database.ts';
import { AUDIT_COLUMNS, type AuditRow, type AuditStore, auditValues, toAuditRecord } from '../audit-store.ts';

export function createSqliteAuditStore(db: SqliteDatabase): AuditStore {
  return {
    async appendAudit(entry) {
      await db.run(
        `INSERT INTO audit_log (workspace_id, at, action, actor_kind, actor_name, actor_prefix, actor_os_user, address, target, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        auditValues(entry),
      );
    },

    async listAudit(workspaceId, query) {
      const where = ['workspace_id = ?'];
      const params: SqlValue[] = [workspaceId];
      if (query.action !== undefined) (where.push('action = ?'), params.push(query.action));
      if (query.actor !== undefined) (where.push('? IN (actor_name, actor_prefix, actor_os_user)'), params.push(query.actor));
      if (query.beforeId !== undefined) (where.push('id < ?'), params.push(query.beforeId));
      const rows = await db.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`, [...params, query.limit]);
      return rows.map(toAuditRecord);
    },
  };
}
