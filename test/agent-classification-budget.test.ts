// The agent classifies files in the same worker pool as the server, with the same time budget: a
// hostile file that a rule cannot finish in time is one recorded failure with its reason (delivered
// to the inventory as unreadable), and the agent goes on with the other files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTimestamp } from '../lib/clock.ts';
import type { RuleDefinition } from '../shared/engine/rule-definition.ts';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();
const REDOS = '^(?:(?:ab|abc)(?:cd|d)e){1,60}$';

describe('agent classification budget', () => {
  it('records a file over budget as one failure naming the rule, and classifies the rest', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    // Stored directly, as if the import check had let it through: the budget must still hold.
    const ws = (await server.workspaces.require('acme'))!;
    const first = (await server.repo.getPolicy(ws.id)).rules[0]!;
    const slow: RuleDefinition = { ...first, name: 'Slow rule', priority: 0, conditions: { ...first.conditions, patterns: [{ regex: REDOS, flags: '' }], keywords: [] } };
    await server.repo.updatePolicy(ws.id, (p) => ({ ...p, rules: [slow, ...p.rules] }), apiTimestamp(new Date()));
    const at = (name: string) => join(watchDir, name);
    writeFileSync(at('hostile.txt'), `${'abcde'.repeat(40)}!`);
    writeFileSync(at('good.txt'), 'Strictly confidential memo.\n');

    const agent = cleanup.track(await startTestAgent(settings()));
    await waitFor(async () => (await agentAssets(server.api, key)).has(nameOf(at('good.txt'))), 'the good file in the inventory', 60_000);
    const status = await waitFor(async () => {
      const s = await agent.agent.status();
      return s.files.unparseable === 1 ? s : undefined;
    }, 'the hostile file recorded', 60_000);
    expect(status.failures.map((f) => [f.path, f.reason])).toEqual([
      [at('hostile.txt'), 'classification_budget_exceeded: Classification exceeded its time budget of 2000 ms while evaluating rule "Slow rule"; nothing was stored'],
    ]);
    expect(agent.logs.some((l) => l.event === 'classification_stopped' && l.rule === 'Slow rule')).toBe(true);
    // It reaches the inventory as unreadable, with its reason and the unreadable-file label: never a silent Public.
    const hostile = await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(at('hostile.txt'))), 'the hostile file in the inventory as unreadable', 60_000);
    expect(hostile.unreadable).toMatch(/^classification_budget_exceeded: .*"Slow rule"/);
    expect(hostile.label.name).toBe('Confidential');
    expect(hostile.findings).toEqual([]);
  }, 120_000);
});
