// POST /classify (stores) and POST /classify/preview (same answer, stores nothing).
import { Router } from 'express';
import { classifyRequestSchema } from '../../../shared/api/schemas.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import type { ClassificationService } from '../../services/classification-service.ts';
import { sendJson } from '../json-response.ts';
import { bodyOf, validate } from '../validation.ts';

export function classifyRoutes(deps: { classifier: ClassificationService; maxContentChars: number }): Router {
  const schema = classifyRequestSchema(deps.maxContentChars);
  const router = Router();

  router.post('/classify', async (req, res) => {
    const input = validate(schema, bodyOf(req), 'body');
    const { asset } = await deps.classifier.classifyAndStore(authOf(res).workspace, input);
    sendJson(res, 201, asset);
  });

  router.post('/classify/preview', async (req, res) => {
    const input = validate(schema, bodyOf(req), 'body');
    sendJson(res, 200, await deps.classifier.preview(authOf(res).workspace, input));
  });

  return router;
}
