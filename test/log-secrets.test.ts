// A full run (server and agent as separate processes, debug logging) over files with planted
// secrets: no log line of either process holds a planted value or the API key, and the data
// directory, the agent's state directory and every file in them are private (0700 / 0600).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, waitFor } from './helpers/agent-harness.ts';
import { provisionKey, writeAgentConfig } from './helpers/agent-process.ts';
import { spawnAssay } from './helpers/assay-process.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { call } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

// Joined at run time so the repository holds no scannable secret.
const join2 = (...parts: string[]) => parts.join('');
const SECRETS = {
  card: '4111 1111 1111 1111',
  cardCompact: '4111111111111111',
  awsKeyId: join2('AKIA', 'XEHC6OLUK7BQGVKM'),
  awsSecret: join2('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/W'),
  githubToken: join2('ghp', '_sKLBiysn3Va4HBbKULmZKjpGLcp3AqAKpkXV'),
  stripeKey: join2('sk_live_', '4eC39HqLyjWDarjtT1zdp7dcQ9'),
  iban: 'DE89370400440532013000',
  password: 'Tr0ub4dor&3-horse',
};

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function expectPrivate(dir: string): string[] {
  const seen: string[] = [];
  expect(modeOf(dir).toString(8), dir).toBe('700');
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) seen.push(...expectPrivate(path));
    else {
      expect(modeOf(path).toString(8), path).toBe('600');
      seen.push(name);
    }
  }
  return seen;
}

describe('secrets stay out of the logs; data and state are private', () => {
  it('greps every log line of a full server + agent run for the planted secrets and the key', async () => {
    const base = cleanup.dir('secrets');
    const dataDir = join(base, 'data'); // created by the server itself
    const stateDir = join(base, 'agent-state'); // created by the agent itself
    const watchDir = cleanup.dir('watch');
    const etc = cleanup.dir('etc');
    const keyFile = join(etc, 'agent.key');
    const key = await provisionKey(dataDir, 'acme', keyFile);

    const server = cleanup.track(spawnAssay(['server', '--port', '0', '--data-dir', dataDir], { ASSAY_LOG_LEVEL: 'trace' }));
    const listening = await server.waitForLog((l) => l.msg === 'server listening', 'the server to listen');
    const url = String(listening.url);
    writeAgentConfig(join(etc, 'agent.yaml'), { serverUrl: url, keyFile, roots: [watchDir], stateDir });
    const agent = cleanup.track(spawnAssay(['agent', '--config', join(etc, 'agent.yaml')], { ASSAY_AGENT_LOG_LEVEL: 'trace' }));
    await agent.waitForLog((l) => l.msg === 'agent started', 'the agent to start');

    writeFileSync(join(watchDir, 'payments.csv'), `name,card,iban\nAlice,${SECRETS.card},${SECRETS.iban}\n`);
    writeFileSync(join(watchDir, 'deploy.sh'), `AWS_ACCESS_KEY_ID=${SECRETS.awsKeyId}\naws_secret_access_key = ${SECRETS.awsSecret}\nGITHUB_TOKEN=${SECRETS.githubToken}\n`);
    writeFileSync(join(watchDir, 'billing.txt'), `stripe: ${SECRETS.stripeKey}\npassword = "${SECRETS.password}"\n`);
    writeFileSync(join(watchDir, 'card.pdf'), await makePdf([`Card ${SECRETS.card}`]));
    writeFileSync(join(watchDir, 'keys.docx'), await makeDocx([`AWS_ACCESS_KEY_ID=${SECRETS.awsKeyId}`]));
    const assets = await waitFor(async () => {
      const a = await agentAssets(`${url}/api/v1`, key);
      return a.size === 5 ? a : undefined;
    }, 'the five files in the inventory', 30_000);
    // Every planted file was found sensitive: the secrets went through detection, not around it.
    for (const a of assets.values()) expect(a.label.level, a.name).toBeGreaterThanOrEqual(2);

    // Direct API traffic too: a preview with secrets in the body, a wrong key, a key in the query.
    expect((await call(`${url}/api/v1/classify/preview`, { key, json: { name: 'p.txt', content: Object.values(SECRETS).join('\n') } })).status).toBe(200);
    expect((await call(`${url}/api/v1/assets`, { key: `${key.slice(0, -4)}AAAA` })).status).toBe(401);
    expect((await call(`${url}/api/v1/assets?api_key=${key}&q=${SECRETS.cardCompact}`, { key })).status).toBe(200);
    await waitFor(() => server.logs.filter((l) => String(l.path ?? l.url ?? '').includes('/assets')).length >= 2 || undefined, 'the request lines');

    agent.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    expect((await agent.exited).code).toBe(0);
    expect((await server.exited).code).toBe(0);

    const output = `${server.output()}\n${agent.output()}`;
    const lines = output.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    for (const [what, value] of [...Object.entries(SECRETS), ['api key', key] as const]) {
      const hits = lines.filter((l) => l.includes(value));
      expect(hits, `${what} in the logs`).toEqual([]);
    }
    // The key's secret part (after the logged prefix) appears nowhere either.
    expect(output).not.toContain(key.slice(12));

    // Modes: the directories the processes created, every file in them, and a backup.
    const backup = spawnAssay(['backup', join(dataDir, 'backup.db'), '--data-dir', dataDir]);
    expect((await backup.exited).code, backup.output()).toBe(0);
    const dataFiles = expectPrivate(dataDir);
    expect(dataFiles).toEqual(expect.arrayContaining(['assay.db', 'backup.db']));
    const stateFiles = expectPrivate(stateDir);
    expect(stateFiles.length).toBeGreaterThan(0);
  }, 90_000);
});
