// POST /classify (stores) and POST /classify/preview (same answer, stores nothing); app.ts mounts
// both handlers ahead of the other routers, as the hot paths.
import type { Request, Response } from 'express';
import { authOf } from '../../auth/api-key-auth.ts';
import type { ClassificationService } from '../../services/classification-service.ts';
import { sendJson } from '../json-response.ts';
import { bodyOf } from '../validation.ts';
import { classifyRequestValidator, plainBodyLimits } from '../classify-request-validator.ts';
import { JsonBodyError, parseJsonBody, rawJsonBytes, setBodyReader } from '../json-body.ts';

interface ClassifyDeps {
  readonly classifier: ClassificationService;
  readonly maxContentChars: number;
}

/** POST /classify's handler; app.ts mounts it ahead of the API's routers. */
export function classifyHandler(deps: ClassifyDeps): (req: Request, res: Response) => Promise<void> {
  const check = classifyRequestValidator(deps.maxContentChars);
  return async (req, res) => {
    const input = check(bodyOf(req));
    const { asset } = await deps.classifier.classifyAndStore(authOf(res).workspace, input);
    sendJson(res, 201, asset);
  };
}

/**
 * POST /classify/preview's handler; app.ts mounts it ahead of the API's routers, behind a body
 * reader that keeps a large body unparsed (json-body.ts, rawJsonBytes): a classification worker
 * then parses, checks and classifies it (ClassificationService.previewBody). A body that is JSON
 * but not plain comes back as its bytes, and is parsed and validated here, as a small body is.
 */
export function classifyPreviewHandler(deps: ClassifyDeps): (req: Request, res: Response) => Promise<void> {
  const check = classifyRequestValidator(deps.maxContentChars);
  const limits = plainBodyLimits(deps.maxContentChars);
  return async (req, res) => {
    const { workspace } = authOf(res);
    const bytes = rawJsonBytes(res);
    if (!bytes) {
      sendJson(res, 200, await deps.classifier.preview(workspace, check(bodyOf(req))));
      return;
    }
    const out = await deps.classifier.previewBody(workspace, { bytes, limits });
    // Read in the worker: by its name/content reader or JSON.parse (a body that is not JSON, or
    // not plain, by JSON.parse; the latter is then parsed again here, for the schema).
    setBodyReader(res, out.kind === 'preview' && out.reader === 'fast' ? 'worker_fast' : 'worker_parse');
    if (out.kind === 'invalid') throw new JsonBodyError('entity.parse.failed', 400, out.message);
    sendJson(res, 200, out.kind === 'preview' ? out.preview : await deps.classifier.preview(workspace, check(parseJsonBody(new Uint8Array(out.bytes)))));
  };
}
