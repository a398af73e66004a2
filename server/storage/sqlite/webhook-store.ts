// Webhooks and their delivery outbox over SQLite (one server: the lease only guards against a
// delivery outliving a crash).
import type { Queryable, SqlParams, SqliteDatabase } from '../../../lib/sqlite-database.ts';
import type { OutboxQueries } from '../webhook-outbox.ts';
import { ATTEMPT_COLUMNS, type AttemptRow, CLAIM_COLUMNS, DELIVERY_COLUMNS, type DeliveryRow, toDeliveries, toWebhook, WEBHOOK_COLUMNS, type WebhookRow } from '../webhook-rows.ts';
import type { ClaimedDelivery, WebhookStore } from '../webhook-store.ts';

export const sqliteOutbox: OutboxQueries<Queryable> = {
  hooks: (tx, workspaceIds) =>
    tx.all(
      `SELECT h.id, h.workspace_id, w.name AS workspace, h.events, h.min_level FROM webhooks h JOIN workspaces w ON w.id = h.workspace_id
        WHERE h.enabled = 1 AND h.workspace_id IN (SELECT value FROM json_each(?)) ORDER BY h.id`,
      [JSON.stringify(workspaceIds)],
    ),
  async labels(tx, workspaceId, assets) {
    const rows = await tx.all<{ source: string; name: string; label_name: string; label_level: number; label_color: string }>(
      `SELECT source, name, label_name, label_level, label_color FROM assets
        WHERE workspace_id = ? AND (source, name) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j)`,
      [workspaceId, JSON.stringify(assets.map((a) => [a.source, a.name]))],
    );
    return rows.map((r) => ({ source: r.source, name: r.name, label: { name: r.label_name, level: r.label_level, color: r.label_color } }));
  },
  async insert(tx, rows) {
    await tx.run(
      `INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_id, event_type, asset_id, payload, created_at, next_attempt_at, window_start)
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 7
          FROM json_each(?) AS j ORDER BY j.key`,
      [JSON.stringify(rows.map((r) => [r.workspace_id, r.webhook_id, r.event_id, r.event_type, r.asset_id, r.payload, r.created_at, r.due]))],
    );
  },
};

async function deliveries(db: Queryable, where: string, params: SqlParams) {
  const rows = await db.all<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where}`, params);
  if (rows.length === 0) return [];
  const attempts = await db.all<AttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id`, [
    JSON.stringify(rows.map((r) => r.id)),
  ]);
  return toDeliveries(rows, attempts);
}

export function createSqliteWebhookStore(db: SqliteDatabase): WebhookStore {
  const getWebhook = async (workspaceId: number, id: number) => {
    const row = await db.get<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
    return row && toWebhook(row);
  };
  const getDelivery = async (workspaceId: number, webhookId: number, deliveryId: number) =>
    (await deliveries(db, 'workspace_id = ? AND webhook_id = ? AND id = ?', [workspaceId, webhookId, deliveryId]))[0];
  return {
    async insertWebhook(w) {
      const { lastID } = await db.run(
        'INSERT INTO webhooks (workspace_id, url, events, min_level, enabled, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [w.workspace_id, w.url, JSON.stringify(w.events), w.min_level, w.enabled ? 1 : 0, w.secret, w.created_at, w.created_at],
      );
      return (await getWebhook(w.workspace_id, lastID))!;
    },

    async listWebhooks(workspaceId) {
      return (await db.all<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = ? ORDER BY id`, [workspaceId])).map(toWebhook);
    },

    getWebhook,

    async updateWebhook(workspaceId, id, c) {
      await db.run(
        `UPDATE webhooks SET url = coalesce(?, url), events = coalesce(?, events), min_level = CASE WHEN ? THEN ? ELSE min_level END,
           enabled = coalesce(?, enabled), disabled_reason = CASE WHEN ? = 1 THEN NULL ELSE disabled_reason END, updated_at = ?
         WHERE workspace_id = ? AND id = ?`,
        [
          c.url ?? null,
          c.events ? JSON.stringify(c.events) : null,
          c.min_level !== undefined ? 1 : 0,
          c.min_level ?? null,
          c.enabled === undefined ? null : c.enabled ? 1 : 0,
          c.enabled === true ? 1 : 0,
          c.updated_at,
          workspaceId,
          id,
        ],
      );
      return getWebhook(workspaceId, id);
    },

    async deleteWebhook(workspaceId, id) {
      const { changes } = await db.run('DELETE FROM webhooks WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
      return changes > 0;
    },

    listDeliveries: (workspaceId, webhookId, limit) => deliveries(db, 'workspace_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT ?', [workspaceId, webhookId, limit]),

    getDelivery,

    async retryDelivery(workspaceId, webhookId, deliveryId, now) {
      await db.run(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, window_start = ?, delivered_at = NULL WHERE workspace_id = ? AND webhook_id = ? AND id = ?`,
        [now, now, workspaceId, webhookId, deliveryId],
      );
      return getDelivery(workspaceId, webhookId, deliveryId);
    },

    async claimDeliveries(now, leaseMs, limit, owner) {
      // Looked for on the reader first, so an idle loop never takes the write lock.
      const due = await db.all<{ id: number }>(
        // Per enabled webhook, its oldest pending delivery (one lookup in the partial index each),
        // whatever the size of the outbox.
        `SELECT d.id FROM webhooks w
           JOIN webhook_deliveries d ON d.id = (SELECT min(e.id) FROM webhook_deliveries e WHERE e.webhook_id = w.id AND e.status = 'pending')
          WHERE w.enabled = 1 AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
          ORDER BY d.id LIMIT ?`,
        [now, now, limit],
      );
      if (due.length === 0) return [];
      return db.transaction(async (tx) => {
        // Leased only if still its webhook's oldest pending one, and free, now that the writer holds the lock.
        const leased = await tx.all<{ id: number }>(
          `UPDATE webhook_deliveries AS u SET lease_until = ?, lease_owner = ?
            WHERE u.id IN (SELECT value FROM json_each(?)) AND u.status = 'pending' AND (u.lease_until IS NULL OR u.lease_until <= ?)
              AND u.id = (SELECT min(e.id) FROM webhook_deliveries e WHERE e.webhook_id = u.webhook_id AND e.status = 'pending') RETURNING id`,
          [now + leaseMs, owner, JSON.stringify(due.map((r) => r.id)), now],
        );
        if (leased.length === 0) return [];
        return tx.all<ClaimedDelivery>(`SELECT ${CLAIM_COLUMNS} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id`, [
          JSON.stringify(leased.map((r) => r.id)),
        ]);
      });
    },

    async pruneDeliveries(before, limit) {
      // Their attempts go with them (ON DELETE CASCADE).
      const { changes } = await db.run(
        `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ? ORDER BY created_at LIMIT ?)`,
        [before, limit],
      );
      return changes;
    },

    async recordAttempt(claim, a, result) {
      return db.transaction(async (tx) => {
        const { changes } = await tx.run(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL,
             status = ?, next_attempt_at = ?, delivered_at = ?
           WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
          [
            a.at,
            a.status_code,
            a.error,
            result.state === 'retry' ? 'pending' : result.state,
            result.state === 'retry' ? result.retry_at : 0,
            result.state === 'delivered' ? a.at : null,
            claim.id,
            claim.lease_owner,
          ],
        );
        if (changes === 0) return false;
        await tx.run('INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)', [claim.id, a.at, a.status_code, a.error, a.duration_ms]);
        if (result.state === 'failed' && result.disable) {
          await tx.run('UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?', [result.disable, a.at, claim.webhook_id]);
        }
        return true;
      });
    },
  };
}
