// The triage endpoints of /api/v1/admin in the OpenAPI document (docs/triage.md), generated from
// the schemas in shared/api/triage-schemas.ts.
import type { z } from 'zod';
import { allowListEntrySchema, allowListRequestSchema, dismissalSchema, dismissRequestSchema, pinRequestSchema, pinSchema } from '../../shared/api/triage-schemas.ts';
import type { OpenApiHelpers } from '../http/openapi.ts';
import type { JsonObject } from './admin-openapi.ts';

export function registerTriageSchemas(registry: z.core.$ZodRegistry<{ id: string }>): void {
  registry.add(dismissRequestSchema, { id: 'AdminDismissRequest' });
  registry.add(dismissalSchema, { id: 'AdminDismissal' });
  registry.add(pinRequestSchema, { id: 'AdminPinRequest' });
  registry.add(pinSchema, { id: 'AdminPin' });
  registry.add(allowListRequestSchema, { id: 'AdminAllowListRequest' });
  registry.add(allowListEntrySchema, { id: 'AdminAllowListEntry' });
}

export function triagePaths(h: OpenApiHelpers, admin: JsonObject, csrf: JsonObject): JsonObject {
  const { ref, json, errors } = h;
  const idParam = (name: string, what: string) => ({ name, in: 'path', required: true, description: what, schema: { type: 'integer', minimum: 1 } });
  const asset = idParam('id', 'Asset id');
  return {
    '/api/v1/admin/assets/{id}/dismissals': {
      get: {
        ...admin,
        summary: 'The findings dismissed on an asset',
        operationId: 'adminListDismissals',
        parameters: [asset],
        responses: { 200: { description: 'Dismissals, oldest first', ...json({ type: 'array', items: ref('AdminDismissal') }) }, ...errors(401, 403, 404, 422) },
      },
      post: {
        ...admin,
        summary: 'Dismiss a finding (a rule’s detector) on an asset',
        description:
          'The asset’s findings and label are recomputed without that detector’s matches for that rule, a history entry records the key and reason, and the detector stays dismissed for that rule on every later classification of the asset (any source, the agent included). An unknown rule, a detector the rule does not have, or another reason is refused with 422; the same finding twice with 409.',
        operationId: 'adminDismissFinding',
        parameters: [asset, csrf],
        requestBody: { required: true, ...json(ref('AdminDismissRequest')) },
        responses: { 201: { description: 'The dismissal', ...json(ref('AdminDismissal')) }, ...errors(401, 403, 404, 409, 413, 422) },
      },
    },
    '/api/v1/admin/assets/{id}/dismissals/{dismissalId}': {
      delete: {
        ...admin,
        summary: 'Undo a dismissal: the label is recomputed from the latest findings',
        operationId: 'adminUndoDismissal',
        parameters: [asset, idParam('dismissalId', 'Dismissal id'), csrf],
        responses: { 204: { description: 'Undone' }, ...errors(401, 403, 404, 422) },
      },
    },
    '/api/v1/admin/assets/{id}/pin': {
      get: {
        ...admin,
        summary: 'The label pinned on an asset (404 when none)',
        operationId: 'adminGetPin',
        parameters: [asset],
        responses: { 200: { description: 'The pin', ...json(ref('AdminPin')) }, ...errors(401, 403, 404, 422) },
      },
      put: {
        ...admin,
        summary: 'Pin a label on an asset',
        description: 'Later classifications are recorded in the asset’s history but do not change its label until it is unpinned.',
        operationId: 'adminPinLabel',
        parameters: [asset, csrf],
        requestBody: { required: true, ...json(ref('AdminPinRequest')) },
        responses: { 200: { description: 'The pin', ...json(ref('AdminPin')) }, ...errors(401, 403, 404, 413, 422) },
      },
      delete: {
        ...admin,
        summary: 'Unpin: the label is recomputed from the latest findings',
        operationId: 'adminUnpinLabel',
        parameters: [asset, csrf],
        responses: { 204: { description: 'Unpinned' }, ...errors(401, 403, 404, 422) },
      },
    },
    '/api/v1/admin/allowlist': {
      get: {
        ...admin,
        summary: 'The workspace allow-list (reasons and dates; values are not stored)',
        operationId: 'adminListAllowList',
        responses: { 200: { description: 'Entries, oldest first', ...json({ type: 'array', items: ref('AdminAllowListEntry') }) }, ...errors(401, 403) },
      },
      post: {
        ...admin,
        summary: 'Allow-list a value for the whole workspace',
        description:
          'The value is stored only as HMAC-SHA256 hashes (with the workspace’s allow-list key) of its normal forms and is never returned; a match of any detector whose normalised value hashes the same no longer counts, on the server and in agents (GET /api/v1/allowlist). The same value twice is refused with 409.',
        operationId: 'adminAllowValue',
        parameters: [csrf],
        requestBody: { required: true, ...json(ref('AdminAllowListRequest')) },
        responses: { 201: { description: 'The entry (without the value)', ...json(ref('AdminAllowListEntry')) }, ...errors(401, 403, 409, 413, 422) },
      },
    },
    '/api/v1/admin/allowlist/{id}': {
      delete: {
        ...admin,
        summary: 'Remove an allow-list entry',
        operationId: 'adminRemoveAllowListEntry',
        parameters: [idParam('id', 'Entry id'), csrf],
        responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404, 422) },
      },
    },
  };
}
