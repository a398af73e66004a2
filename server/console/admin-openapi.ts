// The /api/v1/admin part of the OpenAPI document: schemas to register and the paths, built with
// the helpers of server/http/openapi.ts so errors are described the same way.
import type { z } from 'zod';
import {
  apiKeySchema,
  createdKeySchema,
  createKeyRequestSchema,
  csvImportLineSchema,
  manualClassificationSchema,
  policyViewSchema,
  labelUpdateSchema,
  rulePatchSchema,
  sessionSchema,
  signInRequestSchema,
  statsSchema,
  workspaceStatusSchema,
} from '../../shared/api/admin-schemas.ts';
import { AUDIT_ACTIONS, auditEntrySchema } from '../../shared/api/audit-schemas.ts';
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '../../shared/api/schemas.ts';
import type { OpenApiHelpers } from '../http/openapi.ts';
import { registerWebhookSchemas, webhookPaths } from './webhook-openapi.ts';
import { registerTriageSchemas, triagePaths } from './triage-openapi.ts';
import { agentListSchema } from '../../shared/api/agent-schemas.ts';

export type JsonObject = Record<string, unknown>;

export function registerAdminSchemas(registry: z.core.$ZodRegistry<{ id: string }>, maxContentChars: number): void {
  registry.add(signInRequestSchema, { id: 'AdminSignInRequest' });
  registry.add(sessionSchema, { id: 'AdminSession' });
  registry.add(apiKeySchema, { id: 'AdminApiKey' });
  registry.add(createKeyRequestSchema, { id: 'AdminCreateKeyRequest' });
  registry.add(createdKeySchema, { id: 'AdminCreatedKey' });
  registry.add(workspaceStatusSchema, { id: 'AdminWorkspace' });
  registry.add(statsSchema, { id: 'AdminStats' });
  registry.add(policyViewSchema, { id: 'AdminPolicy' });
  registry.add(rulePatchSchema, { id: 'AdminRulePatch' });
  registry.add(labelUpdateSchema, { id: 'AdminLabelUpdate' });
  registry.add(manualClassificationSchema(maxContentChars), { id: 'AdminManualClassification' });
  registry.add(csvImportLineSchema, { id: 'AdminCsvImportLine' });
  registry.add(auditEntrySchema, { id: 'AdminAuditEntry' });
  registerWebhookSchemas(registry);
  registerTriageSchemas(registry);
  registry.add(agentListSchema, { id: 'AdminAgentList' });
}

export function adminPaths(h: OpenApiHelpers): JsonObject {
  const { ref, json, errors } = h;
  const admin = { tags: ['Admin (web console)'], security: [{ ApiKey: [] }, { ConsoleSession: [] }] };
  const csrf = { name: 'X-CSRF-Token', in: 'header', required: false, description: 'Required with the session cookie (not with X-API-Key): the `csrf_token` of the session', schema: { type: 'string' } };
  const nameParam = (what: string) => ({ name: 'name', in: 'path', required: true, description: `${what} name (URL-encoded)`, schema: { type: 'string', minLength: 1, maxLength: 100 } });
  const policy = { description: 'Labels and every rule, in priority order', ...json(ref('AdminPolicy')) };
  return {
    '/api/v1/admin/sessions': {
      post: {
        tags: admin.tags,
        summary: 'Sign in to the console with an admin key',
        description:
          'Exchanges an API key with the `admin` role for a session cookie (`assay_session`: HttpOnly, SameSite=Strict, Secure over TLS; lifetime `server.console.session_hours`). Keys with the `api` role get 403. Send the returned `csrf_token` in `X-CSRF-Token` with every state-changing request of the session.',
        operationId: 'adminSignIn',
        requestBody: { required: true, ...json(ref('AdminSignInRequest')) },
        responses: {
          201: { description: 'Signed in; the cookie is set', headers: { 'Set-Cookie': { schema: { type: 'string' } } }, ...json(ref('AdminSession')) },
          ...errors(401, 403, 413, 422),
        },
      },
    },
    '/api/v1/admin/sessions/current': {
      delete: {
        ...admin,
        summary: 'Sign out: delete the session and clear the cookie',
        operationId: 'adminSignOut',
        parameters: [csrf],
        responses: { 204: { description: 'Signed out' }, ...errors(401, 403) },
      },
    },
    '/api/v1/admin/workspace': {
      get: { ...admin, summary: 'Workspace status: plan, quota, suspension', operationId: 'adminWorkspace', responses: { 200: { description: 'The workspace', ...json(ref('AdminWorkspace')) }, ...errors(401, 403) } },
    },
    '/api/v1/admin/stats': {
      get: {
        ...admin,
        summary: 'Dashboard figures: assets by label and source, classifications per day',
        operationId: 'adminStats',
        parameters: [{ name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 366, default: 30 } }],
        responses: { 200: { description: 'The figures', ...json(ref('AdminStats')) }, ...errors(401, 403, 422) },
      },
    },
    '/api/v1/admin/agents': {
      get: {
        ...admin,
        summary: 'The agent fleet: each agent’s last report, last_seen, stale, rules_outdated',
        description:
          'Every agent that reported to this workspace, stale ones first (no report for three of its own heartbeat intervals), then by host name. `rules_outdated` marks an agent whose rules version differs from the workspace’s current `rules_version`.',
        operationId: 'adminListAgents',
        responses: { 200: { description: 'The fleet', ...json(ref('AdminAgentList')) }, ...errors(401, 403) },
      },
    },
    '/api/v1/admin/keys': {
      get: { ...admin, summary: 'The workspace’s API keys (never the keys themselves)', operationId: 'adminListKeys', responses: { 200: { description: 'Keys', ...json({ type: 'array', items: ref('AdminApiKey') }) }, ...errors(401, 403) } },
      post: {
        ...admin,
        summary: 'Create an API key; the answer is the only time the key is shown',
        operationId: 'adminCreateKey',
        parameters: [csrf],
        requestBody: { required: true, ...json(ref('AdminCreateKeyRequest')) },
        responses: { 201: { description: 'The new key', ...json(ref('AdminCreatedKey')) }, ...errors(401, 403, 409, 413, 422) },
      },
    },
    '/api/v1/admin/keys/{name}/revoke': {
      post: {
        ...admin,
        summary: 'Revoke a key: requests with it are refused (401) from now on',
        operationId: 'adminRevokeKey',
        parameters: [nameParam('Key'), csrf],
        responses: { 200: { description: 'The revoked key', ...json(ref('AdminApiKey')) }, ...errors(401, 403, 404, 422) },
      },
    },
    '/api/v1/admin/policy': {
      get: { ...admin, summary: 'Labels and all rules (enabled or not) as stored', operationId: 'adminPolicy', responses: { 200: policy, ...errors(401, 403) } },
    },
    '/api/v1/admin/labels/{name}': {
      put: {
        ...admin,
        summary: 'Create a label, or change its level and colour',
        description: 'Levels and names stay unique in the workspace; a change that breaks the scheme is refused with `invalid_definition` and nothing changes.',
        operationId: 'adminSetLabel',
        parameters: [nameParam('Label'), csrf],
        requestBody: { required: true, ...json(ref('AdminLabelUpdate')) },
        responses: { 200: policy, ...errors(401, 403, 413, 422) },
      },
      delete: {
        ...admin,
        summary: 'Remove a label no rule uses',
        operationId: 'adminRemoveLabel',
        parameters: [nameParam('Label'), csrf],
        responses: { 200: policy, ...errors(401, 403, 404, 422) },
      },
    },
    '/api/v1/admin/rules/{name}': {
      put: {
        ...admin,
        summary: 'Replace a rule definition (validated, regexes ReDoS-checked)',
        description: 'The body is a rule definition (docs/rule-format.md); it may rename the rule. An invalid definition, an unknown key anywhere in it, or a rule with no conditions that does not say `match: always` is refused with `invalid_definition` (one line per problem, with its path) and nothing changes.',
        operationId: 'adminReplaceRule',
        parameters: [nameParam('Rule'), csrf],
        requestBody: { required: true, ...json({ type: 'object', description: 'A rule definition' }) },
        responses: { 200: policy, ...errors(401, 403, 404, 413, 422) },
      },
      patch: {
        ...admin,
        summary: 'Enable or disable a rule, or change its priority',
        operationId: 'adminPatchRule',
        parameters: [nameParam('Rule'), csrf],
        requestBody: { required: true, ...json(ref('AdminRulePatch')) },
        responses: { 200: policy, ...errors(401, 403, 404, 413, 422) },
      },
    },
    '/api/v1/admin/classify/preview': {
      post: {
        ...admin,
        summary: 'Classify without storing (the console’s rule test box)',
        description: 'Same as `POST /api/v1/classify/preview`, for a console session.',
        operationId: 'adminClassifyPreview',
        parameters: [csrf],
        requestBody: { required: true, ...json(ref('ClassifyRequest')) },
        responses: { 200: { description: 'The classification', ...json(ref('Preview')) }, ...errors(401, 403, 413, 422) },
      },
    },
    '/api/v1/admin/classifications': {
      post: {
        ...admin,
        summary: 'Classify and store one asset with source `manual`',
        operationId: 'adminClassifyManual',
        parameters: [csrf],
        requestBody: { required: true, ...json(ref('AdminManualClassification')) },
        responses: { 201: { description: 'Classified and stored', ...json(ref('Asset')) }, ...errors(401, 402, 403, 413, 422) },
      },
    },
    '/api/v1/admin/csv-imports': {
      post: {
        ...admin,
        summary: 'Classify the rows of a CSV file with source `csv`',
        description:
          'The body is the CSV (header row with `name`, optional `asset_type` and `content`). The answer streams NDJSON: `progress` lines while rows are classified, then one `result` line listing the rows that failed (line and reason), or an `error` line. Content is not stored.',
        operationId: 'adminCsvImport',
        parameters: [csrf],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: {
          200: { description: 'One JSON object per line', content: { 'application/x-ndjson': { schema: ref('AdminCsvImportLine') } } },
          ...errors(401, 402, 403, 413, 422),
        },
      },
    },
    '/api/v1/admin/audit': {
      get: {
        ...admin,
        summary: 'The audit log: who changed what, when and from where, newest first',
        description:
          'Key, label, rule and workspace changes, console sign-ins (and refused ones), CSV imports and manual classifications, with the actor (key name and prefix, console session, or `cli` with the OS user), client address and what changed. Append-only; never holds a key or document content. Pages like `GET /assets`: follow `Link: rel="next"`.',
        operationId: 'adminAudit',
        parameters: [
          { name: 'action', in: 'query', required: false, schema: { type: 'string', enum: [...AUDIT_ACTIONS] } },
          { name: 'actor', in: 'query', required: false, description: 'Key name, key prefix or OS user (exact)', schema: { type: 'string', minLength: 1, maxLength: 100 } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: LIST_LIMIT_MAX, default: LIST_LIMIT_DEFAULT } },
          { name: 'cursor', in: 'query', required: false, description: 'Opaque position from a `Link: rel="next"` header', schema: { type: 'string', maxLength: 200 } },
        ],
        responses: {
          200: { description: 'Entries, newest first', headers: { Link: { description: 'The next page, when there is one', schema: { type: 'string' } } }, ...json({ type: 'array', items: ref('AdminAuditEntry') }) },
          ...errors(401, 403, 422),
        },
      },
    },
    ...webhookPaths(h, admin, csrf),
    ...triagePaths(h, admin, csrf),
  };
}
