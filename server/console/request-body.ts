// The parsed JSON body of an admin request, or the SPEC §2 "Field required" error when none came.
import type { Request } from 'express';
import { RequestValidationError } from '../../shared/errors.ts';

export function bodyOf(req: Request): unknown {
  if (req.body === undefined) throw new RequestValidationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  return req.body;
}
