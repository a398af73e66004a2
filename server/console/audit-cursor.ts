// The opaque `cursor` of GET /api/v1/admin/audit and the console's Audit page: the id of the
// last entry served (ids only grow, so "older than" is "id below").
import { RequestValidationError } from '../../shared/errors.ts';

export function encodeAuditCursor(id: number): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

export function decodeAuditCursor(raw: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 1 && Number.isSafeInteger(value[0]) && value[0] > 0) return value[0] as number;
  } catch {
    // fall through to the validation error
  }
  throw new RequestValidationError([{ loc: ['query', 'cursor'], msg: 'Invalid cursor; use the URL of a Link: rel="next" header', type: 'value_error' }]);
}
