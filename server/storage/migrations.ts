// Numbered schema migrations. Append new ones; never edit one that has shipped.
import type { SqliteDatabase } from '../../lib/sqlite-database.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces, keys, labels, rules, assets, history',
    sql: `
      CREATE TABLE workspaces (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        plan TEXT NOT NULL DEFAULT 'active' CHECK (plan IN ('active', 'inactive')),
        max_assets INTEGER CHECK (max_assets IS NULL OR max_assets >= 0),
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        asset_count INTEGER NOT NULL DEFAULT 0,
        policy_revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        key_hash BLOB NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT,
        UNIQUE (workspace_id, name)
      );
      CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        level INTEGER NOT NULL,
        color TEXT NOT NULL,
        UNIQUE (workspace_id, name),
        UNIQUE (workspace_id, level)
      );
      CREATE TABLE rules (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        priority INTEGER NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        definition TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (workspace_id, name)
      );
      CREATE TABLE assets (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('manual', 'csv', 'agent', 'api')),
        name TEXT NOT NULL,
        asset_type TEXT,
        label_name TEXT NOT NULL,
        label_level INTEGER NOT NULL,
        label_color TEXT NOT NULL,
        matched_rules TEXT NOT NULL,
        findings TEXT NOT NULL,
        classified_at TEXT NOT NULL,
        UNIQUE (workspace_id, source, name)
      );
      CREATE INDEX assets_recent ON assets (workspace_id, classified_at DESC, id DESC);
      CREATE INDEX assets_source_recent ON assets (workspace_id, source, classified_at DESC, id DESC);
      CREATE TABLE asset_history (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        label_name TEXT NOT NULL,
        label_level INTEGER NOT NULL,
        label_color TEXT NOT NULL,
        matched_rules TEXT NOT NULL,
        classified_at TEXT NOT NULL
      );
      CREATE INDEX asset_history_by_asset ON asset_history (asset_id, id DESC);
      -- Substring search on names: a trigram index serves q=... without scanning the table.
      CREATE VIRTUAL TABLE assets_name_fts USING fts5 (name, content = 'assets', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
        INSERT INTO assets_name_fts (rowid, name) VALUES (new.id, new.name);
      END;
      CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
        INSERT INTO assets_name_fts (assets_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
      END;
      CREATE TRIGGER assets_fts_update AFTER UPDATE OF name ON assets BEGIN
        INSERT INTO assets_name_fts (assets_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
        INSERT INTO assets_name_fts (rowid, name) VALUES (new.id, new.name);
      END;
    `,
  },
  {
    version: 2,
    name: 'assets can be marked removed',
    sql: `
      ALTER TABLE assets ADD COLUMN removed_at TEXT;
    `,
  },
  {
    version: 3,
    name: 'workspace-wide exclusions',
    sql: `
      ALTER TABLE workspaces ADD COLUMN exclusions TEXT NOT NULL DEFAULT '{"values":[],"patterns":[],"stop_words":[]}';
    `,
  },
  {
    version: 4,
    name: 'asset counts kept by triggers',
    sql: `
      CREATE TRIGGER assets_count_insert AFTER INSERT ON assets BEGIN
        UPDATE workspaces SET asset_count = asset_count + 1 WHERE id = new.workspace_id;
      END;
      CREATE TRIGGER assets_count_delete AFTER DELETE ON assets BEGIN
        UPDATE workspaces SET asset_count = asset_count - 1 WHERE id = old.workspace_id;
      END;
    `,
  },
  {
    version: 5,
    name: 'key roles and console sessions',
    sql: `
      ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'api' CHECK (role IN ('api', 'admin'));
      -- Only a hash of the session token is stored; the CSRF token is derived from the token.
      CREATE TABLE console_sessions (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        key_id INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
    `,
  },
  {
    version: 6,
    name: 'dashboard counts kept by triggers',
    // The console's dashboard reads these few rows instead of grouping every asset and history
    // row of the workspace (seconds at a million assets, holding the read connection).
    sql: `
      CREATE TABLE asset_label_counts (
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        label_name TEXT NOT NULL,
        label_level INTEGER NOT NULL,
        label_color TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, source, label_name, label_level, label_color)
      ) WITHOUT ROWID;
      INSERT INTO asset_label_counts (workspace_id, source, label_name, label_level, label_color, n)
        SELECT workspace_id, source, label_name, label_level, label_color, COUNT(*) FROM assets WHERE removed_at IS NULL
         GROUP BY workspace_id, source, label_name, label_level, label_color;
      CREATE TRIGGER asset_label_counts_insert AFTER INSERT ON assets WHEN new.removed_at IS NULL BEGIN
        INSERT INTO asset_label_counts (workspace_id, source, label_name, label_level, label_color, n)
          VALUES (new.workspace_id, new.source, new.label_name, new.label_level, new.label_color, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER asset_label_counts_delete AFTER DELETE ON assets WHEN old.removed_at IS NULL BEGIN
        UPDATE asset_label_counts SET n = n - 1 WHERE workspace_id = old.workspace_id AND source = old.source
          AND label_name = old.label_name AND label_level = old.label_level AND label_color = old.label_color;
      END;
      CREATE TRIGGER asset_label_counts_update_old AFTER UPDATE OF source, label_name, label_level, label_color, removed_at ON assets
        WHEN old.removed_at IS NULL BEGIN
        UPDATE asset_label_counts SET n = n - 1 WHERE workspace_id = old.workspace_id AND source = old.source
          AND label_name = old.label_name AND label_level = old.label_level AND label_color = old.label_color;
      END;
      CREATE TRIGGER asset_label_counts_update_new AFTER UPDATE OF source, label_name, label_level, label_color, removed_at ON assets
        WHEN new.removed_at IS NULL BEGIN
        INSERT INTO asset_label_counts (workspace_id, source, label_name, label_level, label_color, n)
          VALUES (new.workspace_id, new.source, new.label_name, new.label_level, new.label_color, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TABLE classification_day_counts (
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, day)
      ) WITHOUT ROWID;
      INSERT INTO classification_day_counts (workspace_id, day, n)
        SELECT a.workspace_id, substr(h.classified_at, 1, 10), COUNT(*) FROM asset_history h JOIN assets a ON a.id = h.asset_id
         GROUP BY a.workspace_id, substr(h.classified_at, 1, 10);
      CREATE TRIGGER classification_day_counts_insert AFTER INSERT ON asset_history BEGIN
        INSERT INTO classification_day_counts (workspace_id, day, n)
          VALUES ((SELECT workspace_id FROM assets WHERE id = new.asset_id), substr(new.classified_at, 1, 10), 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    version: 7,
    name: 'unreadable assets and the label they get',
    // `unreadable` is "code: reason" for a file whose text could not be had (encrypted, corrupt, bomb,
    // no text, timeout); NULL for a classified one. `unreadable_label` NULL means the default label.
    sql: `
      ALTER TABLE assets ADD COLUMN unreadable TEXT;
      ALTER TABLE workspaces ADD COLUMN unreadable_label TEXT;
      CREATE INDEX assets_unreadable ON assets (workspace_id, classified_at DESC, id DESC) WHERE unreadable IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'name search index scoped by workspace',
    // Each entry carries `#<workspace id>#` in a scope column, so a search (and the count that
    // picks its plan) matches only the asking workspace's names. Contentless: only rowids are read.
    sql: `
      DROP TRIGGER assets_fts_insert;
      DROP TRIGGER assets_fts_delete;
      DROP TRIGGER assets_fts_update;
      DROP TABLE assets_name_fts;
      CREATE VIRTUAL TABLE assets_name_fts USING fts5 (scope, name, content = '', tokenize = 'trigram');
      INSERT INTO assets_name_fts (rowid, scope, name) SELECT id, '#' || workspace_id || '#', name FROM assets;
      CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
        INSERT INTO assets_name_fts (rowid, scope, name) VALUES (new.id, '#' || new.workspace_id || '#', new.name);
      END;
      CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
        INSERT INTO assets_name_fts (assets_name_fts, rowid, scope, name) VALUES ('delete', old.id, '#' || old.workspace_id || '#', old.name);
      END;
      CREATE TRIGGER assets_fts_update AFTER UPDATE OF name, workspace_id ON assets BEGIN
        INSERT INTO assets_name_fts (assets_name_fts, rowid, scope, name) VALUES ('delete', old.id, '#' || old.workspace_id || '#', old.name);
        INSERT INTO assets_name_fts (rowid, scope, name) VALUES (new.id, '#' || new.workspace_id || '#', new.name);
      END;
    `,
  },
  {
    version: 9,
    name: 'agent fleet',
    // The latest report of each agent (PostgreSQL migration 3). The report is JSON as validated by
    // agentReportSchema; hostname and interval are columns because the stale check reads them.
    sql: `
      CREATE TABLE agents (
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        agent_id TEXT NOT NULL,
        hostname TEXT NOT NULL,
        heartbeat_seconds REAL NOT NULL,
        report TEXT NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, agent_id)
      );
    `,
  },
  {
    version: 10,
    name: 'append-only audit log',
    // Who changed what, when and from where (server/services/audit-trail.ts). The triggers make
    // the log append-only in the database itself: UPDATE and DELETE are refused for everyone.
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor_kind TEXT NOT NULL CHECK (actor_kind IN ('key', 'session', 'cli', 'system')),
        actor_name TEXT NOT NULL,
        actor_prefix TEXT,
        actor_os_user TEXT,
        address TEXT,
        target TEXT,
        changes TEXT
      );
      CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id DESC);
      CREATE INDEX audit_log_action ON audit_log (workspace_id, action, id DESC);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
      END;
    `,
  },
  {
    version: 11,
    name: 'workspace webhooks and their delivery outbox',
    // The secret signs deliveries, so it is kept as is (the file is 0600; docs/security.md).
    // Deliveries are written in the transaction of the change that causes them; times the loop
    // compares (next_attempt_at, lease_until, window_start: when retrying began, from which the loop
    // gives up after server.webhooks.give_up_after_hours) are epoch milliseconds.
    sql: `
      CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        min_level INTEGER,
        enabled INTEGER NOT NULL DEFAULT 1,
        secret TEXT NOT NULL,
        disabled_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX webhooks_workspace ON webhooks (workspace_id, id);
      CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL,
        webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        asset_id INTEGER,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        lease_until INTEGER,
        lease_owner TEXT,
        last_attempt_at TEXT,
        last_status INTEGER,
        last_error TEXT,
        delivered_at TEXT
      );
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, id) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id DESC);
      CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status <> 'pending';
      CREATE TABLE webhook_attempts (
        id INTEGER PRIMARY KEY,
        delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempted_at TEXT NOT NULL,
        status_code INTEGER,
        error TEXT,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
    `,
  },
  {
    version: 12,
    name: 'triage: dismissed findings, pinned labels, the workspace allow-list (PostgreSQL migration 6)',
    // engine_findings: the engine's findings before dismissals, kept only while some are dismissed
    // (NULL: the same as findings), so undoing a dismissal recomputes without reclassifying.
    // The pinned label is the asset's label; pin_reason is set while it is pinned. The allow-list
    // holds keyed hashes only (allow-list.ts); allowlist_key is the workspace's HMAC key.
    sql: `
      ALTER TABLE assets ADD COLUMN engine_findings TEXT;
      ALTER TABLE assets ADD COLUMN pin_reason TEXT;
      ALTER TABLE assets ADD COLUMN pinned_by TEXT;
      ALTER TABLE assets ADD COLUMN pinned_at TEXT;
      ALTER TABLE asset_history ADD COLUMN actor TEXT;
      ALTER TABLE asset_history ADD COLUMN reason TEXT;
      ALTER TABLE workspaces ADD COLUMN allowlist_key TEXT;
      CREATE TABLE asset_dismissals (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        detector TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('false_positive', 'test_data', 'accepted_risk')),
        note TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (asset_id, rule, detector)
      );
      CREATE TABLE allowlist_entries (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        hashes TEXT NOT NULL,
        first_hash TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (workspace_id, first_hash)
      );
    `,
  },
  {
    version: 13,
    name: 'agents: the report an agent was marked stale at',
    // The server that marks it writes the agent.stale webhook event in the same transaction.
    sql: `ALTER TABLE agents ADD COLUMN stale_since_ms INTEGER;`,
  },
  {
    version: 14,
    name: 'triage: find the pins and dismissals agents pull without reading every asset (PostgreSQL migration 8)',
    // GET /api/v1/triage reads a workspace's pinned agent assets and its dismissals on every agent
    // poll; pins are few among up to millions of assets, hence a partial index.
    sql: `
      CREATE INDEX assets_pinned ON assets (workspace_id, source, name) WHERE pin_reason IS NOT NULL;
      CREATE INDEX asset_dismissals_workspace ON asset_dismissals (workspace_id, asset_id);
    `,
  },
];

/** Applies every migration newer than the database, each in its own transaction. */
export async function migrate(db: SqliteDatabase, now: () => Date, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(m.sql)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now().toISOString()]);
    });
    applied.push(m.version);
  }
  return applied;
}

/** Splits a migration into statements; a trigger body's inner `;` stay inside BEGIN … END. */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/, '').trim();
    if (!code) continue;
    current += `${code}\n`;
    if (/\bBEGIN$/i.test(code)) depth++;
    if (/^END;$/i.test(code)) depth--;
    if (depth === 0 && code.endsWith(';')) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
