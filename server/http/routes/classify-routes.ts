// POST /classify (stores) and POST /classify/preview (same answer, stores nothing); app.ts mounts
// both handlers ahead of the other routers, as the hot paths.
import type { Request, Response } from 'express';
import { authOf } from '../../auth/api-key-auth.ts';
import type { ClassificationService } from '../../services/classification-service.ts';
import { sendJson } from '../json-response.ts';
import { bodyOf } from '../validation.ts';
import { classifyRequestValidator, plainBodyLimits } from '../classify-request-validator.ts';
import { type ApiThreadParse, JsonBodyError, parseJsonBody, rawJsonBytes, setBodyReader, workerReaderName } from '../json-body.ts';

interface ClassifyDeps {
  readonly classifier: ClassificationService;
  readonly maxContentChars: number;
}

/** POST /classify's handler; app.ts mounts it ahead of the API's routers. */
export function classifyHandler(deps: ClassifyDeps): (req: Request, res: Response) => Promise<void> {
  const check = classifyRequestValidator(deps.maxContentChars);
  return async (req, res) => {
    const input = check(bodyOf(req));
    const { asset } = await deps.classifier.classifyAndStore(authOf(res).workspace, input, 'refuse');
    sendJson(res, 201, asset);
  };
}

/**
 * POST /classify/preview's handler; app.ts mounts it ahead of the API's routers, behind a body
 * reader that keeps a large body unparsed (json-body.ts, rawJsonBytes): a classification worker
 * then parses, checks and classifies it (ClassificationService.previewBody). A body that is JSON
 * but not plain comes back as its bytes, and is parsed and validated here, as a small body is.
 */
export function classifyPreviewHandler(deps: ClassifyDeps & { readonly parsedOnApiThread: (why: ApiThreadParse) => void }): (req: Request, res: Response) => Promise<void> {
  const check = classifyRequestValidator(deps.maxContentChars);
  const limits = plainBodyLimits(deps.maxContentChars);
  return async (req, res) => {
    const { workspace } = authOf(res);
    const bytes = rawJsonBytes(res);
    if (!bytes) {
      sendJson(res, 200, await deps.classifier.preview(workspace, check(bodyOf(req)), 'refuse'));
      return;
    }
    const out = await deps.classifier.previewBody(workspace, { bytes, limits });
    // Read in the worker, by its name/content reader or JSON.parse (always the latter for a body
    // that is not JSON); JSON that is not a plain body is then parsed again here, for the schema.
    if (out.kind === 'invalid') {
      setBodyReader(res, 'worker_parse');
      throw new JsonBodyError('entity.parse.failed', 400, out.message);
    }
    setBodyReader(res, workerReaderName(out.reader, out.kind === 'unusual'));
    if (out.kind === 'preview') {
      sendJson(res, 200, out.preview);
      return;
    }
    deps.parsedOnApiThread('not_plain');
    sendJson(res, 200, await deps.classifier.preview(workspace, check(parseJsonBody(new Uint8Array(out.bytes))), 'refuse'));
  };
}
