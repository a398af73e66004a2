// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
import { z } from 'zod';
import {
  assetDetailSchema,
  assetSchema,
  classifyRequestSchema,
  errorBodySchema,
  exportAssetsQuerySchema,
  healthSchema,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  listAssetsQuerySchema,
  NAME_MAX,
  previewSchema,
  removeAssetRequestSchema,
  ruleSchema,
  validationIssueSchema,
} from '../../shared/api/schemas.ts';
import { labelSchema } from '../../shared/engine/label-scheme.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { allowListDefinitionSchema } from '../../shared/engine/allow-list.ts';
import { agentReportSchema } from '../../shared/api/agent-schemas.ts';
import { AGENT_TRIAGE_LIMIT, agentTriageSchema } from '../../shared/api/triage-schemas.ts';

type JsonObject = Record<string, unknown>;

export interface OpenApiHelpers {
  ref(id: string): JsonObject;
  json(schema: unknown): JsonObject;
  errors(...statuses: number[]): JsonObject;
}

/**
 * A part of the API documented beside its routes outside this folder (the console's
 * /api/v1/admin endpoints, server/console/admin-openapi.ts): its schemas and its paths.
 */
export interface OpenApiSection {
  register(registry: z.core.$ZodRegistry<{ id: string }>, maxContentChars: number): void;
  paths(h: OpenApiHelpers): JsonObject;
}

function components(maxContentChars: number, sections: readonly OpenApiSection[]): JsonObject {
  const registry = z.registry<{ id: string }>();
  registry.add(labelSchema, { id: 'Label' });
  registry.add(classifyRequestSchema(maxContentChars), { id: 'ClassifyRequest' });
  registry.add(assetSchema, { id: 'Asset' });
  registry.add(allowListDefinitionSchema, { id: 'AllowList' });
  registry.add(previewSchema, { id: 'Preview' });
  registry.add(removeAssetRequestSchema, { id: 'RemoveAssetRequest' });
  registry.add(assetDetailSchema, { id: 'AssetDetail' });
  registry.add(ruleSchema, { id: 'Rule' });
  registry.add(healthSchema, { id: 'Health' });
  registry.add(errorBodySchema, { id: 'Error' });
  registry.add(validationIssueSchema, { id: 'ValidationIssue' });
  registry.add(agentReportSchema, { id: 'AgentReport' });
  registry.add(agentTriageSchema, { id: 'AgentTriage' });
  for (const section of sections) section.register(registry, maxContentChars);
  // Input mode: what a value may look like on the wire (no transforms, no closed objects).
  const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonObject> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request could not be read (e.g. malformed percent-encoding in the URL)',
  401: 'API key missing (`Missing API key`), unknown or revoked (`Invalid or revoked API key`); on admin endpoints also no valid console session',
  402: 'Workspace plan not active, or the asset quota would be exceeded (the detail gives the numbers)',
  403: 'Workspace suspended; on admin endpoints also a key without the admin role, or a session request without its CSRF token',
  404: 'Unknown route, or an id that is not in this workspace',
  408: 'The request was not received within the configured time (answered by the HTTP layer)',
  409: 'Conflict with the current state (e.g. a key name already used)',
  413: 'Body larger than the configured limit (the detail names it)',
  422: 'Body or query failed validation: `detail` is a list with one entry per bad field; malformed JSON is reported the same way. On classification, `classification_budget_exceeded`: the classification ran past its time budget (`detail` names the rule) and nothing was stored',
  429: 'Too many failed API-key attempts from this client address; the `Retry-After` header gives the seconds to wait',
  431: 'Request headers larger than the server accepts (answered by the HTTP layer)',
  500: 'Unexpected server error (logged; no details are returned)',
  503: 'The database cannot be reached (PostgreSQL restarting, say), or (`server_busy`) a classification found `server.classification.max_queued` requests already waiting for a worker and nothing was stored; the `Retry-After` header gives the seconds to wait',
};

function errors(...statuses: number[]): JsonObject {
  const out: JsonObject = {};
  // Every route can time out or get too-large headers, and every one is behind the API key, so
  // every one can answer 429 after failed attempts.
  for (const status of [...statuses, 408, 429, 431, 500, 503]) {
    const codes = ERROR_CODES.filter((c) => c.status === status).map((c) => `\`${c.code}\``);
    out[status] = { description: `${ERROR_DESCRIPTIONS[status]}. Codes: ${codes.join(', ')}.`, ...json(ref('Error')) };
  }
  return out;
}

const listParameters = (): JsonObject[] => {
  const props = (z.toJSONSchema(listAssetsQuerySchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonObject> }).properties;
  return [
    { name: 'q', in: 'query', required: false, description: 'Name contains (case-insensitive; `%` and `_` are literal; control characters are refused with 422)', schema: props.q },
    { name: 'source', in: 'query', required: false, schema: props.source },
    { name: 'label', in: 'query', required: false, description: 'Current label name (case-insensitive)', schema: props.label },
    { name: 'limit', in: 'query', required: false, description: 'Page size', schema: { type: 'integer', minimum: 1, maximum: LIST_LIMIT_MAX, default: LIST_LIMIT_DEFAULT } },
    { name: 'status', in: 'query', required: false, description: '`active` (default), `removed` or `all`', schema: props.status },
    { name: 'cursor', in: 'query', required: false, description: 'Opaque position, taken from the `Link: rel="next"` header', schema: props.cursor },
    { name: 'unreadable', in: 'query', required: false, description: '`true`: only assets whose text could not be read (encrypted, corrupt, …; see `unreadable` on the asset); `false`: only the others', schema: props.unreadable },
  ];
};

/** GET /assets/export: the filters of GET /assets (not its paging) and the format. */
const exportParameters = (): JsonObject[] => {
  const format = (z.toJSONSchema(exportAssetsQuerySchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonObject> }).properties.format;
  return [
    ...listParameters().filter((p) => p.name !== 'limit' && p.name !== 'cursor'),
    { name: 'format', in: 'query', required: false, description: '`csv` (default) or `ndjson`', schema: format },
  ];
};

const etagHeader = { ETag: { description: 'Strong validator; send it back in `If-None-Match` to get 304 when nothing changed', schema: { type: 'string' } } };
const ifNoneMatch = { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } };

/** The multipart body of POST /classify/file. */
const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'The document; its type comes from its file name (docs/agent.md lists the formats)' },
          name: { type: 'string', minLength: 1, maxLength: NAME_MAX, description: 'Asset name; defaults to the file name' },
          asset_type: { type: 'string', maxLength: 64, description: 'Defaults to `document`' },
        },
      },
      encoding: { file: { contentType: 'application/octet-stream' } },
    },
  },
};

export function buildOpenApiDocument(opts: { version: string; maxContentChars: number; bodyLimitBytes: number; uploadLimitBytes: number; sections: readonly OpenApiSection[] }): JsonObject {
  const secured = { security: [{ ApiKey: [] }] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Assay API',
      version: opts.version,
      description:
        'Classify data assets by sensitivity and keep an inventory of them. Every `/api/v1` endpoint needs an API key in the `X-API-Key` header. ' +
        `Request bodies are limited to ${opts.bodyLimitBytes} bytes and \`content\` to ${opts.maxContentChars} characters.`,
    },
    servers: [{ url: '/' }],
    components: {
      schemas: components(opts.maxContentChars, opts.sections),
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        ConsoleSession: { type: 'apiKey', in: 'cookie', name: 'assay_session', description: 'Web console session (admin endpoints only), from POST /api/v1/admin/sessions' },
        MetricsToken: { type: 'http', scheme: 'bearer', description: 'GET /metrics only: the token set in `server.metrics.token`' },
      },
    },
    paths: {
      '/healthz': {
        get: { summary: 'Liveness', operationId: 'health', responses: { 200: { description: 'The server is up', ...json(ref('Health')) } } },
      },
      '/metrics': {
        get: {
          tags: ['Operations'],
          security: [{ ApiKey: [] }, { MetricsToken: [] }],
          summary: 'Prometheus metrics (text format)',
          description:
            'Requests by route template and status with latency, classifications by workspace, label level and source, group-commit batch sizes and write latency, rule-cache lookups, failed-key blocks, database size and process metrics. Needs an admin key (its scrape leaves out the series of other workspaces) or `Authorization: Bearer` with `server.metrics.token`. An `api` key gets 403.',
          operationId: 'metrics',
          responses: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401, 403, 429) },
        },
      },
      '/api/v1/classify': {
        post: {
          ...secured,
          summary: 'Classify one asset and store it in the inventory',
          description:
            'Re-classifying an existing (`source`, `name`) updates that asset (same `id`) and appends to its history. `content` is never stored. Classification runs in a worker with a time budget per MB of content (`server.classification`); over it, the answer is 422 `classification_budget_exceeded`, naming the rule being evaluated, and nothing is stored.',
          operationId: 'classify',
          requestBody: { required: true, ...json(ref('ClassifyRequest')) },
          responses: { 201: { description: 'Classified and stored', ...json(ref('Asset')) }, ...errors(401, 402, 403, 413, 422) },
        },
      },
      '/api/v1/classify/file': {
        post: {
          ...secured,
          summary: 'Classify an uploaded document and store it in the inventory',
          description:
            `\`curl -F file=@hr.xlsx\`. The text is extracted on the server in worker threads with time, memory and archive limits (PDF, Office and OpenDocument files, legacy .doc, RTF, HTML/XML, mail with attachments, zip/tar/gz archives, text), then classified and stored like \`POST /classify\` with source \`api\`. ` +
            `A file whose text cannot be read (encrypted, corrupt, an archive bomb, no text layer, timeout) is stored with \`unreadable\` set and the workspace's unreadable-file label. In an archive or mail, each sample names its \`member\`. ` +
            `Files up to ${opts.uploadLimitBytes} bytes (413 beyond); an unsupported type is a 422 that names it.`,
          operationId: 'classifyFile',
          requestBody: uploadBody,
          responses: { 201: { description: 'Classified and stored', ...json(ref('Asset')) }, ...errors(401, 402, 403, 413, 422) },
        },
      },
      '/api/v1/classify/preview': {
        post: {
          ...secured,
          summary: 'Classify without storing anything',
          description:
            'Same body and same classification (and time budget) as `POST /classify`; nothing is stored and the plan state and quota do not apply. Use it to test rules before deploying them.',
          operationId: 'classifyPreview',
          requestBody: { required: true, ...json(ref('ClassifyRequest')) },
          responses: { 200: { description: 'The classification', ...json(ref('Preview')) }, ...errors(401, 403, 413, 422) },
        },
      },
      '/api/v1/assets': {
        get: {
          ...secured,
          summary: 'List assets, newest first',
          operationId: 'listAssets',
          parameters: listParameters(),
          responses: {
            200: {
              description: 'A page of assets',
              headers: { Link: { description: '`<url>; rel="next"` when there are more results; the URL is relative (`/api/v1/assets?...`), or absolute under `server.public_url` when configured', schema: { type: 'string' } } },
              ...json({ type: 'array', items: ref('Asset') }),
            },
            ...errors(401, 403, 422),
          },
        },
      },
      '/api/v1/assets/export': {
        get: {
          ...secured,
          summary: 'Export every asset that matches the filters, as CSV or NDJSON',
          description:
            'The filters of `GET /assets`, without paging: the whole result is streamed (newest first) as one download, read from the store a page at a time, so memory stays flat at any size. ' +
            '`csv`: RFC 4180 (header row, CRLF, quoting) with the columns `id, name, asset_type, label, label_level, matched_rules, findings, finding_count, source, classified_at, removed_at, unreadable`; ' +
            '`findings` summarises each matched rule as `rule: count (confidence)`, never a sample. A cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `\'` and is quoted, so spreadsheets do not run it as a formula. ' +
            '`ndjson`: one asset per line, exactly as `GET /assets` shows it (masked samples only). Not a snapshot: an asset classified again during the export can be left out or appear at its new place.',
          operationId: 'exportAssets',
          parameters: exportParameters(),
          responses: {
            200: {
              description: 'The matching assets, as an attachment',
              headers: { 'Content-Disposition': { description: '`attachment; filename="assets-<UTC time>.csv"` (or `.ndjson`)', schema: { type: 'string' } } },
              content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string', description: 'One `Asset` JSON object per line' } } },
            },
            ...errors(401, 403, 422),
          },
        },
      },
      '/api/v1/assets/removals': {
        post: {
          ...secured,
          summary: 'Report an asset removed',
          description:
            'Marks the asset with this `source` and `name` removed (for example, the agent saw its file deleted). It stays in the inventory with `removed_at` set and is listed with `status=removed`; classifying it again clears `removed_at`. Repeating the call is harmless.',
          operationId: 'removeAsset',
          requestBody: { required: true, ...json(ref('RemoveAssetRequest')) },
          responses: { 200: { description: 'The asset, with removed_at', ...json(ref('Asset')) }, ...errors(401, 403, 404, 413, 422) },
        },
      },
      '/api/v1/assets/{id}': {
        get: {
          ...secured,
          summary: 'One asset with its label history',
          operationId: 'getAsset',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: { 200: { description: 'The asset', ...json(ref('AssetDetail')) }, ...errors(400, 401, 403, 404, 422) },
        },
      },
      '/api/v1/labels': {
        get: {
          ...secured,
          summary: 'The label scheme, ordered by level',
          operationId: 'listLabels',
          parameters: [ifNoneMatch],
          responses: {
            200: { description: 'Labels', headers: etagHeader, ...json({ type: 'array', items: ref('Label') }) },
            304: { description: 'Not modified since the ETag in If-None-Match' },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/rules': {
        get: {
          ...secured,
          summary: 'Enabled detection rules in priority order, complete enough to evaluate offline',
          operationId: 'listRules',
          parameters: [ifNoneMatch],
          responses: {
            200: { description: 'Rules', headers: etagHeader, ...json({ type: 'array', items: ref('Rule') }) },
            304: { description: 'Not modified since the ETag in If-None-Match' },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/allowlist': {
        get: {
          ...secured,
          summary: 'The workspace allow-list as agents apply it offline: its HMAC key and the hashes, never a value',
          description: 'See docs/triage.md and docs/security.md. `key` is null until the first entry.',
          operationId: 'getAllowList',
          parameters: [ifNoneMatch],
          responses: {
            200: { description: 'The allow-list', headers: etagHeader, ...json(ref('AllowList')) },
            304: { description: 'Not modified since the ETag in If-None-Match' },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/triage': {
        get: {
          ...secured,
          summary: 'Dismissed findings and pinned labels of agent assets, as agents apply them offline',
          description: `See docs/triage.md. Any key of the workspace. At most ${AGENT_TRIAGE_LIMIT} dismissals and ${AGENT_TRIAGE_LIMIT} pins, in asset-name order; \`omitted\` counts the rest.`,
          operationId: 'getAgentTriage',
          parameters: [
            { name: 'host', in: 'query', required: false, description: 'Only assets named `HOST:…` (what an agent on HOST names its files)', schema: { type: 'string', minLength: 1, maxLength: 253 } },
            ifNoneMatch,
          ],
          responses: {
            200: { description: 'The triage state', headers: etagHeader, ...json(ref('AgentTriage')) },
            304: { description: 'Not modified since the ETag in If-None-Match' },
            ...errors(401, 403, 422),
          },
        },
      },
      '/api/v1/agents/{agent_id}': {
        put: {
          ...secured,
          summary: 'An agent reports itself (on start and every heartbeat)',
          description:
            'The Assay agent sends this on start and every `agent.schedules.heartbeat` seconds; any key may, for its own workspace. The report replaces the previous one of that agent id; `GET /api/v1/admin/agents` lists them. Nothing in a report is document content.',
          operationId: 'reportAgent',
          parameters: [{ name: 'agent_id', in: 'path', required: true, description: 'The agent’s stable id (kept in its state directory)', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } }],
          requestBody: { required: true, ...json(ref('AgentReport')) },
          responses: { 204: { description: 'Stored' }, ...errors(401, 403, 409, 413, 422) },
        },
      },
      ...Object.assign({}, ...opts.sections.map((section) => section.paths({ ref, json, errors }))),
    },
  };
}
