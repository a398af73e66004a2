// Typed errors: one class per case, each with a stable code and HTTP status (SPEC §2).
// The server maps them to JSON bodies in one place (server/http/error-handler.ts).

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export abstract class AssayError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Set by an error that says when to try again: the server sends it as `Retry-After` (error-handler.ts). */
  declare readonly retryAfterSeconds?: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
  /** The `detail` field of the error body. */
  get detail(): string | ValidationIssue[] {
    return this.message;
  }
}

export class MissingApiKeyError extends AssayError {
  readonly code = 'missing_api_key';
  readonly status = 401;
  constructor() {
    super('Missing API key');
  }
}

export class InvalidApiKeyError extends AssayError {
  readonly code = 'invalid_api_key';
  readonly status = 401;
  constructor() {
    super('Invalid or revoked API key');
  }
}

/** A request the HTTP layer could not read at all (e.g. a malformed percent-encoding in the URL). */
export class BadRequestError extends AssayError {
  readonly code = 'bad_request';
  readonly status = 400;
}

export class PlanInactiveError extends AssayError {
  readonly code = 'plan_inactive';
  readonly status = 402;
  constructor() {
    super('Workspace plan is not active');
  }
}

export class AssetQuotaError extends AssayError {
  readonly code = 'asset_quota_exceeded';
  readonly status = 402;
  constructor(
    readonly used: number,
    readonly limit: number,
  ) {
    super(`Asset quota reached: ${used} of ${limit} assets used`);
  }
}

export class WorkspaceSuspendedError extends AssayError {
  readonly code = 'workspace_suspended';
  readonly status = 403;
  constructor() {
    super('Workspace suspended');
  }
}

/** An authenticated caller whose key's role does not allow the request (e.g. an `api` key on an admin endpoint). */
export class ForbiddenError extends AssayError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'This key is not allowed to do that; an admin key is needed') {
    super(message);
  }
}

/** A state-changing console request without the session's CSRF token (or from another origin). */
export class CsrfError extends AssayError {
  readonly code = 'csrf_failed';
  readonly status = 403;
  constructor() {
    super('Missing or wrong CSRF token');
  }
}

/** A console request with no valid session (none, expired, signed out, or its key revoked). */
export class NotSignedInError extends AssayError {
  readonly code = 'not_signed_in';
  readonly status = 401;
  constructor() {
    super('Not signed in, or the session expired');
  }
}

export class NotFoundError extends AssayError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor() {
    super('Not found');
  }
}

export class PayloadTooLargeError extends AssayError {
  readonly code = 'payload_too_large';
  readonly status = 413;
  constructor(readonly limitBytes: number) {
    super(`Request body larger than the limit of ${limitBytes} bytes`);
  }
}

export class RequestValidationError extends AssayError {
  readonly code = 'validation_error';
  readonly status = 422;
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
  }
  override get detail(): ValidationIssue[] {
    return this.issues;
  }
}

/** Too many failed API-key attempts from one client address; `Retry-After` says when to try again. */
export class TooManyRequestsError extends AssayError {
  readonly code = 'too_many_requests';
  readonly status = 429;
  constructor(override readonly retryAfterSeconds: number) {
    super(`Too many failed API key attempts; retry after ${retryAfterSeconds} s`);
  }
}

/** The database cannot be reached (PostgreSQL restarting, say); `Retry-After` says when to try again. */
export class StorageUnavailableError extends AssayError {
  readonly code = 'storage_unavailable';
  readonly status = 503;
  constructor(
    override readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`The database is unavailable; retry after ${retryAfterSeconds} s`, options);
  }
}

/**
 * The classification queue holds `server.classification.max_queued` jobs waiting for a worker: the
 * request is refused before anything is classified or stored; `Retry-After` says when to try again.
 */
export class ClassificationQueueFullError extends AssayError {
  readonly code = 'server_busy';
  readonly status = 503;
  constructor(override readonly retryAfterSeconds: number) {
    super(`The server is busy classifying other requests; nothing was stored; retry after ${retryAfterSeconds} s`);
  }
}

/** A named thing (workspace, key, label) that does not exist: for the admin CLI. */
export class UnknownNameError extends AssayError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(kind: string, name: string) {
    super(`${kind} "${name}" does not exist`);
  }
}

/** A rule, label or config definition that does not validate (CLI and import paths). */
export class DefinitionError extends AssayError {
  readonly code = 'invalid_definition';
  readonly status = 422;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Classification of one asset ran past its time budget (or its worker failed): the worker was
 * replaced and nothing was stored. Names the rule being evaluated when it is known.
 */
export class ClassificationBudgetError extends AssayError {
  readonly code = 'classification_budget_exceeded';
  readonly status = 422;
  constructor(
    readonly budgetMs: number,
    readonly rule: string | null,
    reason = `exceeded its time budget of ${budgetMs} ms`,
  ) {
    super(`Classification ${reason}${rule === null ? '' : ` while evaluating rule "${rule}"`}; nothing was stored`);
  }
}

/** A state conflict, e.g. creating a workspace whose name exists. */
export class ConflictError extends AssayError {
  readonly code = 'conflict';
  readonly status = 409;
}

/** Every error code the API can answer with, for the docs and the OpenAPI document; test/error-codes.test.ts checks it against the classes above and docs/api.md. */
export const ERROR_CODES = [
  { code: 'bad_request', status: 400 },
  { code: 'missing_api_key', status: 401 },
  { code: 'invalid_api_key', status: 401 },
  { code: 'plan_inactive', status: 402 },
  { code: 'asset_quota_exceeded', status: 402 },
  { code: 'not_signed_in', status: 401 },
  { code: 'workspace_suspended', status: 403 },
  { code: 'forbidden', status: 403 },
  { code: 'csrf_failed', status: 403 },
  { code: 'not_found', status: 404 },
  { code: 'request_timeout', status: 408 },
  { code: 'conflict', status: 409 },
  { code: 'payload_too_large', status: 413 },
  { code: 'validation_error', status: 422 },
  { code: 'invalid_definition', status: 422 },
  { code: 'classification_budget_exceeded', status: 422 },
  { code: 'too_many_requests', status: 429 },
  { code: 'headers_too_large', status: 431 },
  { code: 'internal_error', status: 500 },
  { code: 'storage_unavailable', status: 503 },
  { code: 'server_busy', status: 503 },
] as const;
