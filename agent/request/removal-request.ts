// The POST /assets/removals body for a file the agent saw go, typed by the API's own schema.
import type { RemoveAssetRequestBody } from '../../shared/api/schemas.ts';

export function buildRemovalBody(name: string): string {
  const request: RemoveAssetRequestBody = { name, source: 'agent' };
  return JSON.stringify(request);
}
