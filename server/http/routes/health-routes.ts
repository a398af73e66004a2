// GET /healthz: liveness without a key.
import { Router } from 'express';

export function healthRoutes(deps: { version: string }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: deps.version });
  });
  return router;
}
