// `npm start` (assay start) runs the server and an agent on ./inbox: a newcomer drops a PDF
// there and sees it in the inventory with curl; SIGTERM stops both with exit 0.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Asset } from '../shared/api/schemas.ts';
import { cleanupAfterEach, waitFor } from './helpers/agent-harness.ts';
import { spawnAssay } from './helpers/assay-process.ts';
import { makePdf } from './helpers/documents.ts';

const cleanup = cleanupAfterEach();

describe('assay start with its inbox agent', () => {
  it('classifies a PDF dropped into ./inbox', async () => {
    const cwd = cleanup.dir('start');
    const start = cleanup.track(spawnAssay(['start', '--port', '0'], { ASSAY_DATA_DIR: '' }, { cwd }));
    const listening = await start.waitForLog((l) => l.msg === 'server listening', 'the server to listen');
    await start.waitForLog((l) => l.msg === 'agent started', 'the inbox agent to start');
    const url = String(listening.url);
    const key = /^\s+(chk_[A-Za-z0-9_-]{43})$/m.exec(start.output())?.[1];
    expect(key, start.output()).toBeDefined();
    expect(existsSync(join(cwd, 'inbox'))).toBe(true);
    expect(start.output()).toContain(`The agent watches ${join(cwd, 'inbox')}`);

    writeFileSync(join(cwd, 'inbox', 'contract.pdf'), await makePdf(['Mutual NDA', 'This agreement is strictly confidential.']));
    const asset = await waitFor(() => {
      const out = execFileSync('curl', ['-s', '-H', `X-API-Key: ${key}`, `${url}/api/v1/assets?q=contract.pdf`], { encoding: 'utf8' });
      return (JSON.parse(out) as Asset[])[0];
    }, 'contract.pdf in GET /api/v1/assets', 30_000);
    expect(asset).toMatchObject({ source: 'agent', label: { name: 'Confidential' }, matched_rules: 'Marked confidential' });
    expect(asset.name).toMatch(/^[^:]+:\/.*\/inbox\/contract\.pdf$/);

    start.child.kill('SIGTERM');
    expect((await start.exited).code).toBe(0);
  });
});
