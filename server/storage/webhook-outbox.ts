// The webhook outbox, backend-neutral: which deliveries a batch of classifications (or a removal)
// causes, written in the same transaction as the change, so an event exists exactly when its
// change committed. The backends supply three queries (sqlite/ and postgres/ webhook-outbox).
import { randomUUID } from 'node:crypto';
import type { Asset } from '../../shared/api/schemas.ts';
import type { WebhookEvent, WebhookEventType } from '../../shared/api/webhook-schemas.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { Outcome } from '../../lib/write-batcher.ts';
import type { AgentPulse } from './agent-store.ts';
import { assetKey, type PendingClassification } from './saved-asset.ts';

/** An enabled webhook as the outbox needs it. */
export interface OutboxHook {
  readonly id: number;
  readonly workspace_id: number;
  readonly workspace: string;
  readonly events: string;
  readonly min_level: number | null;
}

export interface OutboxRow {
  readonly workspace_id: number;
  readonly webhook_id: number;
  readonly event_id: string;
  readonly event_type: WebhookEventType;
  readonly asset_id: number | null;
  readonly payload: string;
  readonly created_at: string;
  /** Epoch ms: due at once; the retry window starts then. */
  readonly due: number;
}

export interface OutboxQueries<Tx> {
  /** Enabled webhooks of these workspaces. */
  hooks(tx: Tx, workspaceIds: readonly number[]): Promise<OutboxHook[]>;
  /** Current labels of these assets of one workspace (missing ones are new). */
  labels(tx: Tx, workspaceId: number, assets: readonly { source: string; name: string }[]): Promise<{ source: string; name: string; label: Label }[]>;
  insert(tx: Tx, rows: readonly OutboxRow[]): Promise<void>;
}

const epochMs = (apiTime: string): number => Date.parse(`${apiTime}Z`);

/**
 * The deliveries one event causes: one per enabled webhook that subscribes to its type and, when
 * the event has a level, whose min_level it reaches (an event without one, e.g. about an agent,
 * reaches every subscriber). `fields` is the event body beside id, type, time and workspace.
 */
export function eventDeliveries(
  hooks: readonly OutboxHook[],
  type: WebhookEventType,
  time: string,
  fields: Readonly<Record<string, unknown>>,
  about: { readonly level: number | null; readonly asset_id: number | null },
): OutboxRow[] {
  const reaches = (h: OutboxHook) => h.min_level === null || about.level === null || about.level >= h.min_level;
  const matching = hooks.filter((h) => (JSON.parse(h.events) as string[]).includes(type) && reaches(h));
  if (matching.length === 0) return [];
  const id = randomUUID();
  const payload = JSON.stringify({ id, type, time, workspace: matching[0]!.workspace, ...fields });
  return matching.map((h) => ({ workspace_id: h.workspace_id, webhook_id: h.id, event_id: id, event_type: type, asset_id: about.asset_id, payload, created_at: time, due: epochMs(time) }));
}

/** An asset event: the asset as the API shows it, and the label it had before. */
function assetDeliveries(hooks: readonly OutboxHook[], type: WebhookEventType, asset: Asset, previous: Label | null, time: string): OutboxRow[] {
  const fields: Omit<WebhookEvent, 'id' | 'type' | 'time' | 'workspace'> = { asset, previous_label: previous };
  return eventDeliveries(hooks, type, time, fields, { level: asset.label.level, asset_id: asset.id });
}

/**
 * Wraps a batch writer: reads the webhooks of the batch's workspaces and, where there are any,
 * the labels the assets had before, then records asset.classified (and asset.escalated when the
 * level rose) for every item written. A workspace without webhooks costs one indexed query.
 */
export function withWebhookEvents<Tx>(
  q: OutboxQueries<Tx>,
  apply: (tx: Tx, items: readonly PendingClassification[]) => Promise<Outcome<{ asset: Asset }>[]>,
): (tx: Tx, items: readonly PendingClassification[]) => Promise<Outcome<{ asset: Asset }>[]> {
  return async (tx, items) => {
    const hooks = await q.hooks(tx, [...new Set(items.map((i) => i.workspaceId))]);
    if (hooks.length === 0) return apply(tx, items);
    const hooked = new Set(hooks.map((h) => h.workspace_id));
    const previous = new Map<string, Label>();
    for (const workspaceId of hooked) {
      const mine = items.filter((i) => i.workspaceId === workspaceId).map(({ c }) => ({ source: c.source, name: c.name }));
      for (const r of await q.labels(tx, workspaceId, mine)) previous.set(`${workspaceId}\u0000${assetKey(r.source, r.name)}`, r.label);
    }
    const outcomes = await apply(tx, items);
    const rows: OutboxRow[] = [];
    items.forEach((item, i) => {
      const o = outcomes[i]!;
      if (!o.ok || !hooked.has(item.workspaceId)) return;
      const { asset } = o.value;
      const key = `${item.workspaceId}\u0000${assetKey(item.c.source, item.c.name)}`;
      const before = previous.get(key) ?? null;
      const mine = hooks.filter((h) => h.workspace_id === item.workspaceId);
      rows.push(...assetDeliveries(mine, 'asset.classified', asset, before, asset.classified_at));
      if (before !== null && asset.label.level > before.level) rows.push(...assetDeliveries(mine, 'asset.escalated', asset, before, asset.classified_at));
      previous.set(key, asset.label);
    });
    if (rows.length > 0) await q.insert(tx, rows);
    return outcomes;
  };
}

/** agent.stale for an agent just marked stale: who it is and when it last reported; no level, so every subscriber gets it. */
export async function recordAgentStale<Tx>(q: OutboxQueries<Tx>, tx: Tx, pulse: AgentPulse, lastSeen: string, at: string): Promise<void> {
  const hooks = await q.hooks(tx, [pulse.workspace_id]);
  const agent = { agent_id: pulse.agent_id, hostname: pulse.hostname, last_seen: lastSeen, heartbeat_seconds: pulse.heartbeat_seconds };
  const rows = eventDeliveries(hooks, 'agent.stale', at, { agent }, { level: null, asset_id: null });
  if (rows.length > 0) await q.insert(tx, rows);
}

/** asset.removed for an asset that was just marked removed. */
export async function recordRemoval<Tx>(q: OutboxQueries<Tx>, tx: Tx, workspaceId: number, asset: Asset): Promise<void> {
  const hooks = await q.hooks(tx, [workspaceId]);
  const rows = assetDeliveries(hooks, 'asset.removed', asset, null, asset.removed_at!);
  if (rows.length > 0) await q.insert(tx, rows);
}
