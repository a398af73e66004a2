// The process helpers the tests, benchmarks and fault runs share: lines as they arrive (also split
// across writes), waiting for one, failing clearly when the child ends first, stopping a child.
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildRun, spawnChild } from './helpers/child-process.ts';

const runs: ChildRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill('SIGKILL')));
});

const node = (script: string, opts: Parameters<typeof spawnChild>[2] = {}) => {
  const run = spawnChild(process.execPath, ['-e', script], opts);
  runs.push(run);
  return run;
};

describe('spawnChild', () => {
  it('hands over whole lines and resolves a wait with what the match returns', async () => {
    const lines: string[] = [];
    // One line written in two pieces, then a line in the same write as the next.
    const run = node(`process.stdout.write('first ha'); setTimeout(() => process.stdout.write('lf\\nurl http://x:1\\nlast\\n'), 50); setInterval(() => {}, 1000);`, { onLine: (l) => lines.push(l) });
    const url = await run.waitForLine((l) => /^url (\S+)$/.exec(l)?.[1], 'the url line');
    expect(url).toBe('http://x:1');
    expect(lines).toEqual(['first half', 'url http://x:1', 'last']);
    expect(await run.kill('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.output()).toContain('first half');
  });

  it('rejects a wait when the child exits first, with its output', async () => {
    const run = node(`console.log('only line'); console.error('boom'); process.exit(3);`);
    await expect(run.waitForLine((l) => l === 'never', 'a line never written')).rejects.toThrow(/exited \(3\) before a line never written[\s\S]*only line/);
    expect(await run.exited).toEqual({ code: 3, signal: null });
    expect(run.output()).toContain('boom');
  });

  it('rejects a wait after its timeout, and keeps only the newest output when bounded', async () => {
    const run = node(`process.stdout.write('x'.repeat(5000) + '\\nend\\n'); setInterval(() => {}, 1000);`, { maxOutputChars: 1000 });
    await run.waitForLine((l) => l === 'end', 'the end line');
    expect(run.output().length).toBeLessThanOrEqual(2000);
    expect(run.output().endsWith('end\n')).toBe(true);
    await expect(run.waitForLine((l) => l === 'never', 'a line never written', 200)).rejects.toThrow(/timed out after 200 ms waiting for a line never written/);
  });
});
