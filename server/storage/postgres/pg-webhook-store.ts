// Webhooks and their delivery outbox over PostgreSQL. With several servers on one database, each
// delivery is leased by one of them: the claim locks due rows with FOR UPDATE SKIP LOCKED and
// sets a lease, so exactly one node sends each event (another takes over only after the lease
// has expired, e.g. when that node died mid-send).
import type { OutboxQueries } from '../webhook-outbox.ts';
import { ATTEMPT_COLUMNS, type AttemptRow, CLAIM_COLUMNS, DELIVERY_COLUMNS, type DeliveryRow, toDeliveries, toWebhook, WEBHOOK_COLUMNS, type WebhookRow } from '../webhook-rows.ts';
import type { ClaimedDelivery, WebhookStore } from '../webhook-store.ts';
import type { PgDatabase, PgQueryable, PgValue } from './pg-database.ts';

export const pgOutbox: OutboxQueries<PgQueryable> = {
  hooks: (tx, workspaceIds) =>
    tx.all(
      `SELECT h.id, h.workspace_id, w.name AS workspace, h.events, h.min_level FROM webhooks h JOIN workspaces w ON w.id = h.workspace_id
        WHERE h.enabled AND h.workspace_id = ANY($1::bigint[]) ORDER BY h.id`,
      [`{${workspaceIds.join(',')}}`],
    ),
  async labels(tx, workspaceId, assets) {
    const rows = await tx.all<{ source: string; name: string; label_name: string; label_level: number; label_color: string }>(
      `SELECT source, name, label_name, label_level, label_color FROM assets
        WHERE workspace_id = $1 AND (source, name) IN (SELECT x.source, x.name FROM jsonb_to_recordset($2::jsonb) AS x(source text, name text))`,
      [workspaceId, JSON.stringify(assets)],
    );
    return rows.map((r) => ({ source: r.source, name: r.name, label: { name: r.label_name, level: r.label_level, color: r.label_color } }));
  },
  async insert(tx, rows) {
    await tx.all(
      `INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_id, event_type, asset_id, payload, created_at, next_attempt_at, window_start)
        SELECT r.workspace_id, r.webhook_id, r.event_id, r.event_type, r.asset_id, r.payload, r.created_at, r.due, r.due
          FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (workspace_id bigint, webhook_id bigint, event_id text, event_type text, asset_id bigint, payload text, created_at text, due bigint))
            WITH ORDINALITY AS r(workspace_id, webhook_id, event_id, event_type, asset_id, payload, created_at, due, n)
         ORDER BY r.n`,
      [JSON.stringify(rows)],
    );
  },
};

async function deliveries(db: PgQueryable, where: string, params: readonly PgValue[]) {
  const rows = await db.all<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where}`, params);
  if (rows.length === 0) return [];
  const attempts = await db.all<AttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY id`, [`{${rows.map((r) => r.id).join(',')}}`]);
  return toDeliveries(rows, attempts);
}

/**
 * Per enabled webhook its oldest pending delivery (one index lookup each, whatever the size of
 * the outbox), locked without waiting: a head another node is claiming right now is skipped, and
 * so is everything queued behind it, since only heads are candidates.
 */
const CLAIM = `UPDATE webhook_deliveries u SET lease_until = $1, lease_owner = $2
  FROM (SELECT d.id FROM webhooks w
          CROSS JOIN LATERAL (SELECT e.id FROM webhook_deliveries e WHERE e.webhook_id = w.id AND e.status = 'pending' ORDER BY e.id LIMIT 1) head
          JOIN webhook_deliveries d ON d.id = head.id
         WHERE w.enabled AND d.next_attempt_at <= $3 AND (d.lease_until IS NULL OR d.lease_until <= $3)
         ORDER BY d.id LIMIT $4 FOR UPDATE OF d SKIP LOCKED) c
 WHERE u.id = c.id
 RETURNING u.id`;

export function createPgWebhookStore(db: PgDatabase): WebhookStore {
  const getWebhook = async (workspaceId: number, id: number) => {
    const row = await db.get<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return row && toWebhook(row);
  };
  const getDelivery = async (workspaceId: number, webhookId: number, deliveryId: number) =>
    (await deliveries(db, 'workspace_id = $1 AND webhook_id = $2 AND id = $3', [workspaceId, webhookId, deliveryId]))[0];
  return {
    async insertWebhook(w) {
      const row = await db.get<WebhookRow>(
        `INSERT INTO webhooks (workspace_id, url, events, min_level, enabled, secret, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${WEBHOOK_COLUMNS}`,
        [w.workspace_id, w.url, JSON.stringify(w.events), w.min_level, w.enabled, w.secret, w.created_at],
      );
      return toWebhook(row!);
    },

    async listWebhooks(workspaceId) {
      return (await db.all<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = $1 ORDER BY id`, [workspaceId])).map(toWebhook);
    },

    getWebhook,

    async updateWebhook(workspaceId, id, c) {
      const row = await db.get<WebhookRow>(
        `UPDATE webhooks SET url = coalesce($1, url), events = coalesce($2, events), min_level = CASE WHEN $3 THEN $4::integer ELSE min_level END,
           enabled = coalesce($5, enabled), disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, updated_at = $7
         WHERE workspace_id = $8 AND id = $9 RETURNING ${WEBHOOK_COLUMNS}`,
        [c.url ?? null, c.events ? JSON.stringify(c.events) : null, c.min_level !== undefined, c.min_level ?? null, c.enabled ?? null, c.enabled === true, c.updated_at, workspaceId, id],
      );
      return row && toWebhook(row);
    },

    async deleteWebhook(workspaceId, id) {
      return (await db.all('DELETE FROM webhooks WHERE workspace_id = $1 AND id = $2 RETURNING id', [workspaceId, id])).length > 0;
    },

    listDeliveries: (workspaceId, webhookId, limit) => deliveries(db, 'workspace_id = $1 AND webhook_id = $2 ORDER BY id DESC LIMIT $3', [workspaceId, webhookId, limit]),

    getDelivery,

    async retryDelivery(workspaceId, webhookId, deliveryId, now) {
      await db.all(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, window_start = $1, delivered_at = NULL WHERE workspace_id = $2 AND webhook_id = $3 AND id = $4`,
        [now, workspaceId, webhookId, deliveryId],
      );
      return getDelivery(workspaceId, webhookId, deliveryId);
    },

    async claimDeliveries(now, leaseMs, limit, owner) {
      return db.transaction(async (tx) => {
        const leased = await tx.all<{ id: number }>(CLAIM, [now + leaseMs, owner, now, limit]);
        if (leased.length === 0) return [];
        return tx.all<ClaimedDelivery>(`SELECT ${CLAIM_COLUMNS} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ANY($1::bigint[]) ORDER BY d.id`, [
          `{${leased.map((r) => r.id).join(',')}}`,
        ]);
      });
    },

    async pruneDeliveries(before, limit) {
      const deleted = await db.all(
        `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2) RETURNING id`,
        [before, limit],
      );
      return deleted.length;
    },

    async recordAttempt(claim, a, result) {
      return db.transaction(async (tx) => {
        const updated = await tx.all<{ workspace_id: number }>(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $1, last_status = $2, last_error = $3, lease_until = NULL, lease_owner = NULL,
             status = $4, next_attempt_at = $5, delivered_at = $6
           WHERE id = $7 AND lease_owner = $8 AND status = 'pending' RETURNING workspace_id`,
          [a.at, a.status_code, a.error, result.state === 'retry' ? 'pending' : result.state, result.state === 'retry' ? result.retry_at : 0, result.state === 'delivered' ? a.at : null, claim.id, claim.lease_owner],
        );
        if (updated.length === 0) return false;
        await tx.all('INSERT INTO webhook_attempts (workspace_id, delivery_id, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)', [
          updated[0]!.workspace_id,
          claim.id,
          a.at,
          a.status_code,
          a.error,
          a.duration_ms,
        ]);
        if (result.state === 'failed' && result.disable) {
          await tx.all('UPDATE webhooks SET enabled = false, disabled_reason = $1, updated_at = $2 WHERE id = $3', [result.disable, a.at, claim.webhook_id]);
        }
        return true;
      });
    },
  };
}
