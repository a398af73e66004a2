// The OpenAPI document validates as 3.1, documents every status the API answers with, and /docs
// serves an interactive reference from bundled assets.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/errors.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let doc: Record<string, any>;
beforeAll(async () => {
  t = await startTestServer();
  doc = (await call(`${t.url}/openapi.json`)).body as Record<string, any>;
});
afterAll(() => t.close());

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents each endpoint with its statuses', () => {
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses('/api/v1/classify', 'post')).toEqual(['201', '401', '402', '403', '408', '413', '422', '429', '431', '500', '503']);
    expect(statuses('/api/v1/assets', 'get')).toEqual(['200', '401', '403', '408', '422', '429', '431', '500', '503']);
    expect(statuses('/api/v1/assets/export', 'get')).toEqual(['200', '401', '403', '408', '422', '429', '431', '500', '503']);
    expect(doc.paths['/api/v1/assets/export'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'source', 'label', 'status', 'unreadable', 'format']);
    expect(statuses('/api/v1/assets/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '408', '422', '429', '431', '500', '503']);
    expect(statuses('/api/v1/rules', 'get')).toEqual(['200', '304', '401', '403', '408', '429', '431', '500', '503']);
    expect(statuses('/api/v1/labels', 'get')).toEqual(['200', '304', '401', '403', '408', '429', '431', '500', '503']);
    expect(doc.paths['/healthz'].get.responses['200']).toBeDefined();
  });

  it('names every error code the API can return', () => {
    const text = JSON.stringify(doc.paths);
    const apiCodes = ERROR_CODES.filter((c) => !['conflict', 'invalid_definition'].includes(c.code));
    for (const { code } of apiCodes) expect(text, code).toContain(`\`${code}\``);
  });

  it('describes the request body from the validation schema', () => {
    const req = doc.components.schemas.ClassifyRequest;
    expect(req.required).toEqual(['name']);
    expect(req.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 1024 });
    expect(req.properties.source.enum).toEqual(['api', 'agent']);
    expect(doc.components.securitySchemes.ApiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });
});

describe('/docs', () => {
  it('serves the interactive reference and its assets locally', async () => {
    const page = await call(`${t.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const srcs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBe(4);
    for (const src of srcs) {
      expect(src.startsWith('/docs/')).toBe(true);
      const asset = await fetch(`${t.url}${src}`);
      expect(asset.status, src).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(50);
    }
    const init = await (await fetch(`${t.url}/docs/init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('tryItOutEnabled: true');
    expect((await fetch(`${t.url}/docs/assets/package.json`)).status).toBe(404);
  });
});
