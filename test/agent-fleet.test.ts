// The agent fleet: two real agents report to a real server, both are listed with what they
// reported; the one stopped turns stale (and the server warns once), its id survives a restart,
// a rule change marks both as on other rules, and bad reports are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createAgent } from '../agent/agent.ts';
import { systemClock } from '../lib/clock.ts';
import type { AgentList } from '../shared/api/agent-schemas.ts';
import { cleanupAfterEach, logSink, testSettings, waitFor } from './helpers/agent-harness.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { parsePrometheusText } from './helpers/prometheus-text.ts';

const HEARTBEAT = 2;
let server: TestServer;
let key: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ clock: systemClock });
  key = await server.workspaceWithKey('fleet');
  admin = await server.adminKey('fleet');
});
afterAll(() => server.close());

const cleanup = cleanupAfterEach();

function startAgent(hostname: string, stateDir: string, root: string) {
  const settings = testSettings({ serverUrl: server.url, key, roots: [root], stateDir, agent: { schedules: { heartbeat: HEARTBEAT } } });
  const sink = logSink();
  const agent = createAgent({ config: settings, logger: pino({ level: 'debug' }, sink.stream), clock: systemClock, version: 'test', hostname });
  return { agent, logs: sink.logs };
}

async function fleet(adminKey = admin): Promise<AgentList> {
  const res = await call(`${server.api}/admin/agents`, { key: adminKey });
  expect(res.status, res.text).toBe(200);
  return res.body as AgentList;
}

const staleWarnings = (agentId: string) => server.logs.filter((l) => l.level === 40 && l.agent_id === agentId && String(l.msg).startsWith('agent stale'));

describe('agent fleet', () => {
  it('lists both agents with their reports; the stopped one turns stale, is warned about once, and keeps its id across a restart', async () => {
    const a = startAgent('files-a', cleanup.dir('state-a'), cleanup.dir('root-a'));
    const stateB = cleanup.dir('state-b');
    const rootB = cleanup.dir('root-b');
    const b = startAgent('files-b', stateB, rootB);
    cleanup.track(a.agent);
    await a.agent.start();
    await b.agent.start();

    const both = await waitFor(async () => {
      const f = await fleet();
      return f.agents.length === 2 && f.agents.every((x) => x.rules_version !== null && x.last_scan?.state === 'finished') && f;
    }, 'both agents reported after their first scan');
    expect(both.stale).toBe(0);
    const [ra, rb] = ['files-a', 'files-b'].map((h) => both.agents.find((x) => x.hostname === h)!);
    expect(ra!.agent_id).not.toBe(rb!.agent_id);
    expect(rb).toMatchObject({ version: 'test', roots: [rootB], heartbeat_seconds: HEARTBEAT, files_tracked: 0, stale: false, rules_outdated: false, rules_version: both.rules_version });
    expect(rb!.outbox).toEqual({ depth: 0, oldest_at: null, oldest_age_seconds: null });
    expect(rb!.os).toMatch(/\S+ \S+ \S+/);
    expect(rb!.last_seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

    await b.agent.close();
    const afterStop = await waitFor(async () => {
      const f = await fleet();
      return f.agents.find((x) => x.agent_id === rb!.agent_id)?.stale && f;
    }, 'the stopped agent turns stale');
    expect(afterStop.agents[0]!.agent_id).toBe(rb!.agent_id); // stale first
    expect(afterStop.stale).toBe(1);
    const scraped = parsePrometheusText((await call(`${server.url}/metrics`, { key: admin })).text);
    expect(scraped.sum('assay_agents_stale', { workspace: 'fleet' })).toBe(1);
    expect(scraped.sum('assay_agents', { workspace: 'fleet' })).toBe(2);
    await waitFor(async () => (await fleet()).agents.find((x) => x.agent_id === ra!.agent_id)?.stale === false, 'the running agent is not stale');
    await waitFor(() => staleWarnings(rb!.agent_id).length > 0, 'a warning about the stale agent');
    // Two more reports of the live agent: the server has checked the fleet again meanwhile.
    for (let i = 0; i < 2; i++) {
      const seen = (await fleet()).agents.find((x) => x.agent_id === ra!.agent_id)!.last_seen;
      await waitFor(async () => (await fleet()).agents.find((x) => x.agent_id === ra!.agent_id)!.last_seen !== seen, 'another report of the live agent');
    }
    // (Whether the live agent was ever late is left out: on a loaded machine it can be, truly.)
    expect(staleWarnings(rb!.agent_id)).toHaveLength(1);
    // Stopping is not an error on either side.
    expect(server.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(b.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);

    const again = startAgent('files-b', stateB, rootB);
    cleanup.track(again.agent);
    await again.agent.start();
    const back = await waitFor(async () => {
      const f = await fleet();
      return f.stale === 0 && f;
    }, 'the restarted agent is live again');
    expect(back.agents.map((x) => x.agent_id).sort()).toEqual([ra!.agent_id, rb!.agent_id].sort());
  });

  it("marks agents whose rules differ from the workspace's current ones", async () => {
    const a = startAgent('files-c', cleanup.dir('state-c'), cleanup.dir('root-c'));
    cleanup.track(a.agent);
    await a.agent.start();
    const before = await waitFor(async () => {
      const f = await fleet();
      const me = f.agents.find((x) => x.hostname === 'files-c');
      return me && me.rules_version !== null && f;
    }, 'the agent reported its rules');
    expect(before.agents.find((x) => x.hostname === 'files-c')!.rules_outdated).toBe(false);
    const rule = ((await call(`${server.api}/admin/policy`, { key: admin })).body as { rules: { name: string }[] }).rules[0]!.name;
    const patched = await call(`${server.api}/admin/rules/${encodeURIComponent(rule)}`, { key: admin, method: 'PATCH', json: { enabled: false } });
    expect(patched.status, patched.text).toBe(200);
    const after = await fleet();
    expect(after.rules_version).not.toBe(before.rules_version);
    expect(after.agents.find((x) => x.hostname === 'files-c')).toMatchObject({ rules_outdated: true, rules_version: before.rules_version });
    await call(`${server.api}/admin/rules/${encodeURIComponent(rule)}`, { key: admin, method: 'PATCH', json: { enabled: true } });
    expect((await fleet()).rules_version).toBe(before.rules_version);
  });
});

describe('PUT /agents/{agent_id}', () => {
  const report = {
    hostname: 'probe',
    version: '1.2.3',
    os: 'linux 6 x64',
    roots: ['/srv'],
    heartbeat_seconds: 60,
    files_tracked: 3,
    outbox: { depth: 1, oldest_at: '2026-06-12T08:30:00.000Z', oldest_age_seconds: 5 },
    last_scan: null,
    failures: [{ code: 'encrypted', count: 2 }],
    skipped: [{ type: 'exe', count: 1 }],
    rules_version: null,
    watcher: 'native',
  };

  it('stores a report for the key’s own workspace only, and lists it for admins only', async () => {
    const res = await call(`${server.api}/agents/probe-agent-1`, { key, method: 'PUT', json: report });
    expect(res.status, res.text).toBe(204);
    const mine = (await fleet()).agents.find((x) => x.agent_id === 'probe-agent-1');
    expect(mine).toMatchObject({ ...report, stale: false, rules_outdated: false });

    const otherKey = await server.workspaceWithKey('fleet-other');
    const otherAdmin = await server.adminKey('fleet-other');
    expect((await call(`${server.api}/agents/probe-agent-1`, { key: otherKey, method: 'PUT', json: { ...report, hostname: 'other' } })).status).toBe(204);
    expect((await fleet(otherAdmin)).agents.map((x) => x.hostname)).toEqual(['other']);
    expect((await fleet()).agents.find((x) => x.agent_id === 'probe-agent-1')!.hostname).toBe('probe');

    expect((await call(`${server.api}/admin/agents`, { key })).status).toBe(403);
    expect((await call(`${server.api}/admin/agents`)).status).toBe(401);
  });

  it('refuses bad reports with one detail per field and stores nothing', async () => {
    const put = (id: string, body: unknown) => call(`${server.api}/agents/${id}`, { key, method: 'PUT', json: body });
    expect((await call(`${server.api}/agents/probe-agent-2`, { method: 'PUT', json: report })).status).toBe(401);
    const badId = await put('short', report);
    expect(badId.status).toBe(422);
    expect((badId.body as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual(['path', 'agent_id']);
    const bad = await put('probe-agent-2', { ...report, hostname: '', files_tracked: -1, heartbeat_seconds: 0, outbox: { depth: 'x' }, roots: 'x' });
    expect(bad.status).toBe(422);
    const locs = (bad.body as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.')).sort();
    expect(locs).toEqual(expect.arrayContaining(['body.files_tracked', 'body.heartbeat_seconds', 'body.hostname', 'body.outbox.depth', 'body.roots']));
    expect((await put('probe-agent-2', 'not an object')).status).toBe(422);
    expect((await call(`${server.api}/agents/probe-agent-2`, { key, method: 'PUT', body: '{not json', headers: { 'Content-Type': 'application/json' } })).status).toBe(422);
    expect((await fleet()).agents.some((x) => x.agent_id === 'probe-agent-2')).toBe(false);
  });
});
