// The triage store written once over a small SQL dialect: the statements are plain SQL both
// backends accept (`?` placeholders, RETURNING); sqlite/triage-store.ts and
// postgres/pg-triage-store.ts supply the connection, placeholders and error test.
import type { AllowListDefinition } from '../../shared/engine/allow-list.ts';
import type { RuleFinding } from '../../shared/engine/finding.ts';
import { ConflictError, NotFoundError } from '../../shared/errors.ts';
import { ASSET_COLUMNS, type AssetRow, toAsset } from './shared-rows.ts';
import type { AllowListEntry, AssetTriageState, Dismissal, Pin, TriageAction, TriageStore } from './triage-store.ts';

export interface TriageQueryable {
  all<T>(sql: string, params: readonly (string | number | null)[]): Promise<T[]>;
  get<T>(sql: string, params: readonly (string | number | null)[]): Promise<T | undefined>;
}

export interface TriageDialect {
  readonly read: TriageQueryable;
  transaction<T>(fn: (tx: TriageQueryable) => Promise<T>): Promise<T>;
  isUniqueViolation(err: unknown): boolean;
  /** ' FOR UPDATE' where the backend locks rows read in a transaction; '' for SQLite (one writer). */
  readonly forUpdate: string;
  /** Whether asset_history has a workspace_id column (PostgreSQL). */
  readonly historyHasWorkspace: boolean;
}

interface TriageRow extends AssetRow {
  engine_findings: string | null;
  pin_reason: string | null;
  pinned_by: string | null;
  pinned_at: string | null;
}

const DISMISSAL_COLUMNS = 'id, rule, detector, reason, note, actor, created_at';

async function readState(q: TriageQueryable, workspaceId: number, assetId: number, lock: string): Promise<AssetTriageState | undefined> {
  const row = await q.get<TriageRow>(`SELECT ${ASSET_COLUMNS}, engine_findings, pin_reason, pinned_by, pinned_at FROM assets WHERE workspace_id = ? AND id = ?${lock}`, [workspaceId, assetId]);
  if (!row) return undefined;
  const dismissals = await q.all<Dismissal>(`SELECT ${DISMISSAL_COLUMNS} FROM asset_dismissals WHERE workspace_id = ? AND asset_id = ? ORDER BY id`, [workspaceId, assetId]);
  const asset = toAsset(row);
  const pin: Pin | null = row.pin_reason === null ? null : { label: asset.label, reason: row.pin_reason, actor: row.pinned_by ?? '', pinned_at: row.pinned_at ?? '' };
  const engineFindings = row.engine_findings === null ? (asset.findings as RuleFinding[]) : (JSON.parse(row.engine_findings) as RuleFinding[]);
  return { asset, engineFindings, dismissals, pin };
}

/** The state after the action, before it is written; throws for an action that cannot apply. */
function applied(state: AssetTriageState, action: TriageAction): AssetTriageState {
  switch (action.kind) {
    case 'dismiss':
      if (state.dismissals.some((d) => d.rule === action.dismissal.rule && d.detector === action.dismissal.detector)) {
        throw new ConflictError(`detector "${action.dismissal.detector}" of rule "${action.dismissal.rule}" is already dismissed on this asset`);
      }
      return { ...state, dismissals: [...state.dismissals, { id: 0, ...action.dismissal }] };
    case 'undismiss':
      if (!state.dismissals.some((d) => d.id === action.id)) throw new NotFoundError();
      return { ...state, dismissals: state.dismissals.filter((d) => d.id !== action.id) };
    case 'pin':
      return { ...state, pin: action.pin };
    case 'unpin':
      if (state.pin === null) throw new NotFoundError();
      return { ...state, pin: null };
  }
}

export function createTriageStore(d: TriageDialect): TriageStore {
  return {
    getTriage: (workspaceId, assetId) => readState(d.read, workspaceId, assetId, ''),

    changeTriage(workspaceId, assetId, action, recompute, history) {
      return d.transaction(async (tx) => {
        const before = await readState(tx, workspaceId, assetId, d.forUpdate);
        if (!before) return undefined;
        const next = applied(before, action);
        if (action.kind === 'dismiss') {
          const x = action.dismissal;
          await tx.all('INSERT INTO asset_dismissals (workspace_id, asset_id, rule, detector, reason, note, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id', [
            workspaceId,
            assetId,
            x.rule,
            x.detector,
            x.reason,
            x.note,
            x.actor,
            x.created_at,
          ]);
        } else if (action.kind === 'undismiss') {
          await tx.all('DELETE FROM asset_dismissals WHERE workspace_id = ? AND id = ? RETURNING id', [workspaceId, action.id]);
        }
        const result = recompute(next);
        const label = next.pin?.label ?? result.label;
        const matched = result.matched_rules.join(', ');
        const engine = next.dismissals.length > 0 ? JSON.stringify(next.engineFindings) : null;
        const pin = next.pin;
        await tx.all(
          `UPDATE assets SET label_name = ?, label_level = ?, label_color = ?, matched_rules = ?, findings = ?, engine_findings = ?,
             pin_reason = ?, pinned_by = ?, pinned_at = ? WHERE workspace_id = ? AND id = ? RETURNING id`,
          [label.name, label.level, label.color, matched, JSON.stringify(result.findings), engine, pin?.reason ?? null, pin?.actor ?? null, pin?.pinned_at ?? null, workspaceId, assetId],
        );
        const ws = d.historyHasWorkspace ? 'workspace_id, ' : '';
        const wsValue = d.historyHasWorkspace ? [workspaceId] : [];
        await tx.all(
          `INSERT INTO asset_history (${ws}asset_id, label_name, label_level, label_color, matched_rules, classified_at, actor, reason) VALUES (${wsValue.map(() => '?, ').join('')}?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [...wsValue, assetId, label.name, label.level, label.color, matched, history.at, history.actor, history.reason],
        );
        return readState(tx, workspaceId, assetId, '');
      });
    },

    async agentTriage(workspaceId, namePrefix, limit) {
      // substr counts characters on both backends; [...s].length counts code points, as they do.
      const prefix = namePrefix === null ? '' : ' AND substr(a.name, 1, ?) = ?';
      const prefixParams = namePrefix === null ? [] : [[...namePrefix].length, namePrefix];
      const dismissalsFrom = `FROM asset_dismissals d JOIN assets a ON a.workspace_id = d.workspace_id AND a.id = d.asset_id WHERE d.workspace_id = ? AND a.source = 'agent'${prefix}`;
      const pinsFrom = `FROM assets a WHERE a.workspace_id = ? AND a.source = 'agent' AND a.pin_reason IS NOT NULL${prefix}`;
      const params = [workspaceId, ...prefixParams];
      const [dismissals, pins] = await Promise.all([
        d.read.all<{ name: string; rule: string; detector: string }>(`SELECT a.name, d.rule, d.detector ${dismissalsFrom} ORDER BY a.name, d.id LIMIT ?`, [...params, limit + 1]),
        d.read.all<{ name: string; label_name: string; label_level: number; label_color: string }>(`SELECT a.name, a.label_name, a.label_level, a.label_color ${pinsFrom} ORDER BY a.name LIMIT ?`, [...params, limit + 1]),
      ]);
      // Counted only past the limit: the common answer costs two index reads.
      const total = async (rows: unknown[], from: string) => (rows.length <= limit ? rows.length : Number((await d.read.get<{ n: number | string }>(`SELECT COUNT(*) AS n ${from}`, params))!.n));
      return {
        dismissals: dismissals.slice(0, limit),
        pins: pins.slice(0, limit).map((p) => ({ name: p.name, label: { name: p.label_name, level: Number(p.label_level), color: p.label_color } })),
        totals: { dismissals: await total(dismissals, dismissalsFrom), pins: await total(pins, pinsFrom) },
      };
    },

    listAllowList: (workspaceId) => d.read.all<AllowListEntry>('SELECT id, reason, actor, created_at FROM allowlist_entries WHERE workspace_id = ? ORDER BY id', [workspaceId]),

    addAllowListEntry(workspaceId, newKey, entryOf) {
      return d.transaction(async (tx) => {
        await tx.all('UPDATE workspaces SET allowlist_key = ? WHERE id = ? AND allowlist_key IS NULL RETURNING id', [newKey, workspaceId]);
        const ws = await tx.get<{ allowlist_key: string | null }>(`SELECT allowlist_key FROM workspaces WHERE id = ?${d.forUpdate}`, [workspaceId]);
        if (!ws?.allowlist_key) throw new NotFoundError();
        const e = entryOf(ws.allowlist_key);
        let rows: { id: number }[];
        try {
          rows = await tx.all<{ id: number }>('INSERT INTO allowlist_entries (workspace_id, hashes, first_hash, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
            workspaceId,
            e.hashes.join(','),
            e.hashes[0]!,
            e.reason,
            e.actor,
            e.created_at,
          ]);
        } catch (err) {
          if (d.isUniqueViolation(err)) throw new ConflictError('this value is already on the allow-list', { cause: err });
          throw err;
        }
        await tx.all('UPDATE workspaces SET policy_revision = policy_revision + 1 WHERE id = ? RETURNING id', [workspaceId]);
        return { id: rows[0]!.id, reason: e.reason, actor: e.actor, created_at: e.created_at };
      });
    },

    removeAllowListEntry(workspaceId, id) {
      return d.transaction(async (tx) => {
        const gone = await tx.all('DELETE FROM allowlist_entries WHERE workspace_id = ? AND id = ? RETURNING id', [workspaceId, id]);
        if (gone.length === 0) return false;
        await tx.all('UPDATE workspaces SET policy_revision = policy_revision + 1 WHERE id = ? RETURNING id', [workspaceId]);
        return true;
      });
    },

    async allowListDefinition(workspaceId): Promise<AllowListDefinition> {
      const ws = await d.read.get<{ allowlist_key: string | null }>('SELECT allowlist_key FROM workspaces WHERE id = ?', [workspaceId]);
      const rows = await d.read.all<{ hashes: string }>('SELECT hashes FROM allowlist_entries WHERE workspace_id = ? ORDER BY id', [workspaceId]);
      return { key: ws?.allowlist_key ?? null, hashes: rows.flatMap((r) => r.hashes.split(',')) };
    },
  };
}
