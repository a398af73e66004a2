// The Repository over SQLite: every query parameterised, every multi-statement change in a
// transaction on the single writer connection.
import type { Asset, AssetDetail, AssetSource } from '../../shared/api/schemas.ts';
import { AssetQuotaError, ConflictError, NotFoundError } from '../../shared/errors.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import { compareRules, type Exclusions, type RuleDefinition } from '../../shared/engine/rule-definition.ts';
import { migrate } from './migrations.ts';
import type { ApiKeyRecord, AssetQuery, AssetStats, ConsoleSession, NewClassification, Policy, Repository, Workspace, WorkspacePatch } from './repository.ts';
import { openSqliteDatabase, type Queryable, type SqlValue } from '../../lib/sqlite-database.ts';
import { createWriteBatcher, type Outcome } from '../../lib/write-batcher.ts';

interface WorkspaceRow {
  exclusions?: string;
  id: number;
  name: string;
  plan: 'active' | 'inactive';
  max_assets: number | null;
  suspended: number;
  asset_count: number;
  policy_revision: number;
  unreadable_label: string | null;
  created_at: string;
}

interface AssetRow {
  id: number;
  source: AssetSource;
  name: string;
  asset_type: string | null;
  label_name: string;
  label_level: number;
  label_color: string;
  matched_rules: string;
  findings: string;
  classified_at: string;
  removed_at: string | null;
  unreadable: string | null;
}

interface KeyWithWorkspaceRow extends ApiKeyRecord {
  key_hash: Buffer;
  w_name: string;
  w_plan: 'active' | 'inactive';
  w_max_assets: number | null;
  w_suspended: number;
  w_asset_count: number;
  w_policy_revision: number;
  w_unreadable_label: string | null;
  w_created_at: string;
}

const ASSET_COLUMNS = 'id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at, unreadable';
const KEY_COLUMNS = 'id, workspace_id, name, prefix, role, created_at, last_used_at, revoked_at';

function toWorkspace({ exclusions: _exclusions, ...r }: WorkspaceRow): Workspace {
  return { ...r, suspended: r.suspended === 1 };
}

function toAsset(r: AssetRow): Asset {
  return {
    id: r.id,
    name: r.name,
    asset_type: r.asset_type,
    label: { name: r.label_name, level: r.label_level, color: r.label_color },
    matched_rules: r.matched_rules,
    source: r.source,
    classified_at: r.classified_at,
    findings: JSON.parse(r.findings) as Asset['findings'],
    removed_at: r.removed_at,
    unreadable: r.unreadable,
  };
}

/** A trigram FTS5 phrase query matching `q` literally as a substring. */
function ftsPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`;
}

/** Above this many trigram matches, listing walks the newest-first index instead of sorting the matches. */
const FTS_DRIVEN_MAX = 2000;
const ASCII = /^[\x00-\x7f]*$/;

function likeLiteral(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

async function readPolicy(db: Queryable, workspaceId: number): Promise<Policy> {
  const labels = await db.all<Label>('SELECT name, level, color FROM labels WHERE workspace_id = ? ORDER BY level', [workspaceId]);
  const rows = await db.all<{ definition: string }>('SELECT definition FROM rules WHERE workspace_id = ? ORDER BY priority, name', [workspaceId]);
  const rules = rows.map((r) => JSON.parse(r.definition) as RuleDefinition).sort(compareRules);
  const ws = await db.get<{ exclusions: string }>('SELECT exclusions FROM workspaces WHERE id = ?', [workspaceId]);
  return { labels, rules, exclusions: JSON.parse(ws?.exclusions ?? '{"values":[],"patterns":[],"stop_words":[]}') as Exclusions };
}

async function writePolicy(tx: Queryable, workspaceId: number, policy: Policy, at: string): Promise<void> {
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

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /SQLITE_CONSTRAINT: UNIQUE/.test(err.message);
}

interface PendingClassification {
  readonly workspaceId: number;
  readonly c: NewClassification;
}

const UPSERT_ASSET = `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, unreadable)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (workspace_id, source, name) DO UPDATE SET asset_type = excluded.asset_type, label_name = excluded.label_name,
    label_level = excluded.label_level, label_color = excluded.label_color, matched_rules = excluded.matched_rules,
    findings = excluded.findings, classified_at = excluded.classified_at, removed_at = NULL, unreadable = excluded.unreadable
  RETURNING id`;

const INSERT_HISTORY = `INSERT INTO asset_history (asset_id, label_name, label_level, label_color, matched_rules, classified_at) VALUES (?, ?, ?, ?, ?, ?)`;

/** Identifies an asset within a workspace (the unique key of `assets`). */
const assetKey = (source: string, name: string) => `${source}\u0000${name}`;

/** The asset a classification left behind, as the API returns it. */
function savedAsset(id: number, c: NewClassification, matched: string): Asset {
  return {
    id,
    name: c.name,
    asset_type: c.asset_type,
    label: c.label,
    matched_rules: matched,
    source: c.source,
    classified_at: c.classified_at,
    findings: c.findings as Asset['findings'],
    removed_at: null,
    unreadable: c.unreadable ?? null,
  };
}

/** One classification: upsert the asset (the asset_count trigger counts new rows) and append history. */
async function writeClassification(tx: Queryable, { workspaceId, c }: PendingClassification): Promise<Asset> {
  const matched = c.matched_rules.join(', ');
  const upserted = await tx.all<{ id: number }>(UPSERT_ASSET, [workspaceId, c.source, c.name, c.asset_type, c.label.name, c.label.level, c.label.color, matched, JSON.stringify(c.findings), c.classified_at, c.unreadable ?? null]);
  const id = upserted[0]!.id;
  await tx.run(INSERT_HISTORY, [id, c.label.name, c.label.level, c.label.color, matched, c.classified_at]);
  return savedAsset(id, c, matched);
}

/**
 * Items without a quota, with no (source, name) twice, in one upsert and one history insert: the
 * rows travel as one JSON array, so the batch costs two statements however many items it holds.
 */
const UPSERT_ASSETS_JSON = `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, unreadable)
  SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9
    FROM json_each(?) AS j WHERE true
  ON CONFLICT (workspace_id, source, name) DO UPDATE SET asset_type = excluded.asset_type, label_name = excluded.label_name,
    label_level = excluded.label_level, label_color = excluded.label_color, matched_rules = excluded.matched_rules,
    findings = excluded.findings, classified_at = excluded.classified_at, removed_at = NULL, unreadable = excluded.unreadable
  RETURNING id, source, name`;

const INSERT_HISTORY_JSON = `INSERT INTO asset_history (asset_id, label_name, label_level, label_color, matched_rules, classified_at)
  SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5 FROM json_each(?) AS j ORDER BY j.key`;

async function writeClassificationsTogether(tx: Queryable, workspaceId: number, items: readonly PendingClassification[]): Promise<Asset[]> {
  const rows = items.map(({ c }) => [c.source, c.name, c.asset_type, c.label.name, c.label.level, c.label.color, c.matched_rules.join(', '), JSON.stringify(c.findings), c.classified_at, c.unreadable ?? null]);
  const returned = await tx.all<{ id: number; source: string; name: string }>(UPSERT_ASSETS_JSON, [workspaceId, JSON.stringify(rows)]);
  const ids = new Map(returned.map((r) => [assetKey(r.source, r.name), r.id]));
  const assetIds = items.map(({ c }) => ids.get(assetKey(c.source, c.name))!);
  const history = rows.map((r, i) => [assetIds[i], r[3], r[4], r[5], r[6], r[8]]);
  await tx.run(INSERT_HISTORY_JSON, [JSON.stringify(history)]);
  return items.map(({ c }, i) => savedAsset(assetIds[i]!, c, rows[i]![6] as string));
}

/**
 * A batch of classifications in the batch's transaction. Where a quota applies, each item first
 * reads the count the previous one left, and one over the quota is refused before it writes.
 * Items of workspaces without a quota go together (two statements per workspace), unless one
 * asset appears twice in the batch, when they are written one after the other in arrival order.
 */
async function applyClassifications(tx: Queryable, items: readonly PendingClassification[]): Promise<Outcome<{ asset: Asset }>[]> {
  const quotas = new Map<number, number | null>();
  for (const id of new Set(items.map((i) => i.workspaceId))) {
    const row = await tx.get<{ max_assets: number | null }>('SELECT max_assets FROM workspaces WHERE id = ?', [id]);
    quotas.set(id, row?.max_assets ?? null);
  }
  const outcomes: Outcome<{ asset: Asset }>[] = new Array(items.length);
  const unlimited = new Map<number, number[]>();
  items.forEach((item, i) => {
    if (quotas.get(item.workspaceId) !== null) return;
    const list = unlimited.get(item.workspaceId) ?? [];
    list.push(i);
    unlimited.set(item.workspaceId, list);
  });
  for (const [workspaceId, indexes] of unlimited) {
    const group = indexes.map((i) => items[i]!);
    const distinct = new Set(group.map(({ c }) => assetKey(c.source, c.name))).size === group.length;
    const assets = distinct ? await writeClassificationsTogether(tx, workspaceId, group) : await writeEach(tx, group);
    indexes.forEach((itemIndex, k) => (outcomes[itemIndex] = { ok: true, value: { asset: assets[k]! } }));
  }
  for (const [i, item] of items.entries()) {
    if (quotas.get(item.workspaceId) === null) continue;
    const ws = await tx.get<{ asset_count: number; max_assets: number }>('SELECT asset_count, max_assets FROM workspaces WHERE id = ?', [item.workspaceId]);
    const exists = await tx.get<{ id: number }>('SELECT id FROM assets WHERE workspace_id = ? AND source = ? AND name = ?', [item.workspaceId, item.c.source, item.c.name]);
    if (!exists && ws && ws.asset_count >= ws.max_assets) {
      outcomes[i] = { ok: false, error: new AssetQuotaError(ws.asset_count, ws.max_assets) };
      continue;
    }
    outcomes[i] = { ok: true, value: { asset: await writeClassification(tx, item) } };
  }
  return outcomes;
}

async function writeEach(tx: Queryable, items: readonly PendingClassification[]): Promise<Asset[]> {
  const assets: Asset[] = [];
  for (const item of items) assets.push(await writeClassification(tx, item));
  return assets;
}

export async function openSqliteRepository(file: string, now: () => Date): Promise<Repository> {
  const db = await openSqliteDatabase(file);
  try {
    await migrate(db, now);
  } catch (err) {
    await db.close();
    throw err;
  }

  /** Whether the trigram phrase matches more than `max` names (any workspace): stops counting there. */
  async function ftsMatchesMoreThan(phrase: string, max: number): Promise<boolean> {
    const row = await db.get<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM assets_name_fts WHERE assets_name_fts MATCH ? LIMIT ?)', [phrase, max + 1]);
    return (row?.n ?? 0) > max;
  }

  const workspaceById = async (q: Queryable, id: number): Promise<Workspace> => {
    const row = await q.get<WorkspaceRow>('SELECT * FROM workspaces WHERE id = ?', [id]);
    if (!row) throw new NotFoundError();
    return toWorkspace(row);
  };

  // Concurrent classifications share transactions (group commit); see lib/write-batcher.ts.
  const saveBatched = createWriteBatcher(db, (tx, items: readonly PendingClassification[]) => applyClassifications(tx, items));

  return {
    async createWorkspace({ name, max_assets, policy, created_at }) {
      try {
        return await db.transaction(async (tx) => {
          const { lastID } = await tx.run('INSERT INTO workspaces (name, max_assets, created_at) VALUES (?, ?, ?)', [name, max_assets, created_at]);
          await writePolicy(tx, lastID, policy, created_at);
          return workspaceById(tx, lastID);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`workspace "${name}" already exists`, { cause: err });
        throw err;
      }
    },

    async getWorkspaceByName(name) {
      const row = await db.get<WorkspaceRow>('SELECT * FROM workspaces WHERE name = ?', [name]);
      return row && toWorkspace(row);
    },

    async listWorkspaces() {
      return (await db.all<WorkspaceRow>('SELECT * FROM workspaces ORDER BY name')).map(toWorkspace);
    },

    async updateWorkspace(id, patch: WorkspacePatch) {
      return db.transaction(async (tx) => {
        const sets: string[] = [];
        const params: SqlValue[] = [];
        if (patch.plan !== undefined) (sets.push('plan = ?'), params.push(patch.plan));
        if (patch.max_assets !== undefined) (sets.push('max_assets = ?'), params.push(patch.max_assets));
        if (patch.suspended !== undefined) (sets.push('suspended = ?'), params.push(patch.suspended ? 1 : 0));
        if (patch.unreadable_label !== undefined) (sets.push('unreadable_label = ?'), params.push(patch.unreadable_label));
        if (sets.length > 0) await tx.run(`UPDATE workspaces SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
        return workspaceById(tx, id);
      });
    },

    async insertApiKey({ workspace_id, name, prefix, key_hash, created_at, role = 'api' }) {
      try {
        const { lastID } = await db.run('INSERT INTO api_keys (workspace_id, name, prefix, key_hash, created_at, role) VALUES (?, ?, ?, ?, ?, ?)', [
          workspace_id,
          name,
          prefix,
          key_hash,
          created_at,
          role,
        ]);
        return (await db.get<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [lastID]))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`a key named "${name}" already exists in this workspace`, { cause: err });
        throw err;
      }
    },

    async findApiKeyByHash(keyHash) {
      const row = await db.get<KeyWithWorkspaceRow>(
        `SELECT k.id, k.workspace_id, k.name, k.prefix, k.role, k.created_at, k.last_used_at, k.revoked_at, k.key_hash,
                w.name AS w_name, w.plan AS w_plan, w.max_assets AS w_max_assets, w.suspended AS w_suspended,
                w.asset_count AS w_asset_count, w.policy_revision AS w_policy_revision, w.unreadable_label AS w_unreadable_label, w.created_at AS w_created_at
           FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id WHERE k.key_hash = ?`,
        [keyHash],
      );
      if (!row) return undefined;
      const { w_name, w_plan, w_max_assets, w_suspended, w_asset_count, w_policy_revision, w_unreadable_label, w_created_at, ...key } = row;
      const workspace = toWorkspace({
        id: row.workspace_id,
        name: w_name,
        plan: w_plan,
        max_assets: w_max_assets,
        suspended: w_suspended,
        asset_count: w_asset_count,
        policy_revision: w_policy_revision,
        unreadable_label: w_unreadable_label,
        created_at: w_created_at,
      });
      return { key, workspace };
    },

    async touchApiKey(id, at) {
      await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
    },

    async listApiKeys(workspaceId) {
      return db.all<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id`, [workspaceId]);
    },

    async revokeApiKey(workspaceId, name, at) {
      const rows = await db.transaction((tx) =>
        tx.all<ApiKeyRecord>(`UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND name = ? AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`, [at, workspaceId, name]),
      );
      return rows[0];
    },

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

    saveClassification: (workspaceId, c) => saveBatched({ workspaceId, c }),

    async listAssets(workspaceId, query: AssetQuery) {
      const where = ['workspace_id = ?'];
      const params: SqlValue[] = [workspaceId];
      if (query.source) (where.push('source = ?'), params.push(query.source));
      if ((query.status ?? 'active') === 'active') where.push('removed_at IS NULL');
      else if (query.status === 'removed') where.push('removed_at IS NOT NULL');
      if (query.label !== undefined) (where.push('label_name = ? COLLATE NOCASE'), params.push(query.label));
      if (query.unreadable !== undefined) where.push(query.unreadable ? 'unreadable IS NOT NULL' : 'unreadable IS NULL');
      if (query.after) {
        where.push('(classified_at, id) < (?, ?)');
        params.push(query.after.classified_at, query.after.id);
      }
      const q = query.q;
      // Substring search. The trigram index needs at least three characters; shorter needles scan with LIKE.
      let from = 'assets';
      if (q !== undefined && [...q].length < 3) {
        where.push("name LIKE ? ESCAPE '\\'");
        params.push(likeLiteral(q));
      } else if (q !== undefined) {
        const phrase = ftsPhrase(q);
        if (ASCII.test(q) && (await ftsMatchesMoreThan(phrase, FTS_DRIVEN_MAX))) {
          // Many matches: walk the newest-first index and test each row, which stops after one page.
          // LIKE equals the trigram match for an ASCII needle and an ASCII name; a name with other
          // characters (which case-fold differently) asks the index itself, so results are identical.
          where.push(`(name LIKE ? ESCAPE '\\' OR (length(name) <> length(CAST(name AS BLOB)) AND EXISTS (SELECT 1 FROM assets_name_fts WHERE assets_name_fts MATCH ? AND rowid = assets.id)))`);
          params.push(likeLiteral(q), phrase);
        } else {
          // Few matches: start from the trigram index and sort those rows (CROSS JOIN fixes the loop order).
          from = '(SELECT rowid AS match_id FROM assets_name_fts WHERE assets_name_fts MATCH ?) AS m CROSS JOIN assets ON assets.id = m.match_id';
          params.unshift(phrase);
        }
      }
      const rows = await db.all<AssetRow>(
        `SELECT ${ASSET_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY classified_at DESC, id DESC LIMIT ?`,
        [...params, query.limit],
      );
      return rows.map(toAsset);
    },

    async markAssetRemoved(workspaceId, source, name, at) {
      return db.transaction(async (tx) => {
        await tx.run('UPDATE assets SET removed_at = ? WHERE workspace_id = ? AND source = ? AND name = ? AND removed_at IS NULL', [at, workspaceId, source, name]);
        const row = await tx.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = ? AND source = ? AND name = ?`, [workspaceId, source, name]);
        return row && toAsset(row);
      });
    },

    async getAsset(workspaceId, id) {
      const row = await db.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      if (!row) return undefined;
      const history = await db.all<{ label_name: string; label_level: number; label_color: string; matched_rules: string; classified_at: string }>(
        'SELECT label_name, label_level, label_color, matched_rules, classified_at FROM asset_history WHERE asset_id = ? ORDER BY id DESC LIMIT 1000',
        [id],
      );
      const detail: AssetDetail = {
        ...toAsset(row),
        history: history.map((h) => ({
          label: { name: h.label_name, level: h.label_level, color: h.label_color },
          matched_rules: h.matched_rules,
          classified_at: h.classified_at,
        })),
      };
      return detail;
    },

    async createSession({ token_hash, workspace_id, key_id, created_at, expires_at }) {
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM console_sessions WHERE expires_at <= ?', [created_at]);
        const { lastID } = await tx.run('INSERT INTO console_sessions (token_hash, workspace_id, key_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
          token_hash,
          workspace_id,
          key_id,
          created_at,
          expires_at,
        ]);
        return { id: lastID, workspace_id, key_id, created_at, expires_at } satisfies ConsoleSession;
      });
    },

    async findSession(tokenHash, now) {
      const session = await db.get<ConsoleSession>(
        `SELECT s.id, s.workspace_id, s.key_id, s.created_at, s.expires_at FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
          WHERE s.token_hash = ? AND s.expires_at > ? AND k.revoked_at IS NULL AND k.role = 'admin'`,
        [tokenHash, now],
      );
      if (!session) return undefined;
      const key = await db.get<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [session.key_id]);
      if (!key) return undefined;
      return { session, key, workspace: await workspaceById(db, session.workspace_id) };
    },

    async deleteSession(tokenHash) {
      await db.run('DELETE FROM console_sessions WHERE token_hash = ?', [tokenHash]);
    },

    async assetStats(workspaceId, since): Promise<AssetStats> {
      // Counters kept by triggers (migration 6): a few rows, whatever the inventory's size.
      const byLabel = await db.all<{ name: string; level: number; color: string; count: number }>(
        `SELECT label_name AS name, label_level AS level, MAX(label_color) AS color, SUM(n) AS count FROM asset_label_counts
          WHERE workspace_id = ? GROUP BY label_name, label_level HAVING SUM(n) > 0 ORDER BY label_level, label_name`,
        [workspaceId],
      );
      const bySource = await db.all<{ source: AssetSource; count: number }>(
        'SELECT source, SUM(n) AS count FROM asset_label_counts WHERE workspace_id = ? GROUP BY source HAVING SUM(n) > 0 ORDER BY source',
        [workspaceId],
      );
      const perDay = await db.all<{ day: string; count: number }>(
        'SELECT day, n AS count FROM classification_day_counts WHERE workspace_id = ? AND day >= substr(?, 1, 10) ORDER BY day',
        [workspaceId, since],
      );
      return { by_label: byLabel, by_source: bySource, per_day: perDay };
    },

    backupTo: (file) => db.backupTo(file),
    close: () => db.close(),
  };
}
