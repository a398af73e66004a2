// The storage the server is written against: one contract per aggregate, each implemented over
// SQLite (sqlite/) and PostgreSQL (postgres/). A Repository is all of them over one database.
import type { AgentStore } from './agent-store.ts';
import type { AssetQueries } from './asset-queries.ts';
import type { AuditStore } from './audit-store.ts';
import type { AssetWriter } from './asset-writes.ts';
import type { FailedAttemptStore } from './failed-attempt-store.ts';
import type { PolicyStore } from './policy-store.ts';
import type { SessionStore } from './session-store.ts';
import type { StatsStore } from './stats-store.ts';
import type { TriageStore } from './triage-store.ts';
import type { WebhookStore } from './webhook-store.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export type { AgentPulse, AgentRecord, AgentStore } from './agent-store.ts';
export type { AssetCursor, AssetQueries, AssetQuery } from './asset-queries.ts';
export type { AssetWriter, NewClassification } from './asset-writes.ts';
export type { AuditListQuery, AuditRecord, AuditStore, NewAuditEntry } from './audit-store.ts';
export type { Policy, PolicyStore } from './policy-store.ts';
export type { ConsoleSession, SessionStore } from './session-store.ts';
export type { AssetStats, StatsStore } from './stats-store.ts';
export type { AllowListEntry, AssetTriageState, Dismissal, Pin, TriageAction, TriageStore } from './triage-store.ts';
export type { AttemptRecord, AttemptResult, ClaimedDelivery, DeliveryRecord, WebhookRecord, WebhookStore } from './webhook-store.ts';
export type { ApiKeyRecord, KeyRole, PlanState, Workspace, WorkspacePatch, WorkspaceStore } from './workspace-store.ts';

export interface Repository extends WorkspaceStore, PolicyStore, AssetWriter, AssetQueries, SessionStore, StatsStore, AuditStore, WebhookStore, TriageStore, AgentStore {
  /** Failed-key counts shared by every server on this database; absent for SQLite (one server, counted in memory). */
  readonly failedAttempts?: FailedAttemptStore;
  /** Bytes the database takes (SQLite: pages in use; PostgreSQL: pg_database_size), for /metrics. */
  databaseBytes(): Promise<number>;
  /** A consistent online copy of the whole store. */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
}
