// The opaque `cursor` of GET /assets: the position (classified_at, id) of the last asset served.
import { RequestValidationError } from '../../shared/errors.ts';
import type { AssetCursor } from '../storage/repository.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

export function encodeCursor(c: AssetCursor): string {
  return Buffer.from(JSON.stringify([c.classified_at, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): AssetCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && TIMESTAMP.test(value[0]) && Number.isSafeInteger(value[1]) && value[1] > 0) {
      return { classified_at: value[0], id: value[1] as number };
    }
  } catch {
    // fall through to the validation error
  }
  throw new RequestValidationError([{ loc: ['query', 'cursor'], msg: 'Invalid cursor; use the URL of a Link: rel="next" header', type: 'value_error' }]);
}
