// POST /classify (stores; app.ts mounts its handler ahead of the other routers, as the hot path)
// and POST /classify/preview (same answer, stores nothing).
import { type Request, type Response, Router } from 'express';
import { authOf } from '../../auth/api-key-auth.ts';
import type { ClassificationService } from '../../services/classification-service.ts';
import { sendJson } from '../json-response.ts';
import { bodyOf } from '../validation.ts';
import { classifyRequestValidator } from '../classify-request-validator.ts';

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

/** POST /classify/preview. */
export function classifyPreviewRoute(deps: ClassifyDeps): Router {
  const check = classifyRequestValidator(deps.maxContentChars);
  const router = Router();

  router.post('/classify/preview', async (req, res) => {
    const input = check(bodyOf(req));
    sendJson(res, 200, await deps.classifier.preview(authOf(res).workspace, input));
  });

  return router;
}
