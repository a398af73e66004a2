// `npm run faults`: four fault scenarios against the real server and agent processes on
// loopback — (a) server SIGKILLed mid-burst, (b) agent SIGKILLed mid-scan with the server down
// meanwhile, (c) the agent's state directory full, (d) PostgreSQL stopped and started during a
// burst (needs root and Debian's postgresql). Prints what each did and its figures; exits 1 on any
// loss, duplicate, corruption or unexpected error. `--only a,c` runs a subset.
import { parseArgs } from 'node:util';
import { runAgentKill } from './agent-kill.ts';
import { runDiskFull } from './disk-full.ts';
import { runPostgresRestart } from './postgres-restart.ts';
import { runServerKill } from './server-kill.ts';

const { values } = parseArgs({ options: { only: { type: 'string', default: 'a,b,c,d' } } });
const only = new Set(values.only!.split(',').map((s) => s.trim()));
const log = (line: string) => process.stdout.write(`${line}\n`);
let failed = 0;

function verdict(name: string, ok: boolean, problems: readonly string[]): void {
  for (const p of problems) log(`  problem: ${p}`);
  log(`  => ${name}: ${ok ? 'PASS' : 'FAIL'}\n`);
  if (!ok) failed++;
}

if (only.has('a')) {
  log('(a) server SIGKILLed in the middle of a burst of classify requests (3 rounds, 16 concurrent submitters)');
  const started = Date.now();
  const r = await runServerKill({ rounds: 3, concurrency: 16, killAfterAcks: 300, log });
  log(`  requests sent ${r.sent}, acknowledged ${r.acknowledged}, found after restart ${r.found}, lost ${r.lost}`);
  log(`  cut off by the kill but committed anyway: ${r.committedUnacknowledged} (answer lost, data kept: allowed)`);
  log(`  integrity_check ok, asset_count = rows: ${r.problems.every((p) => !/integrity|asset_count/.test(p)) ? 'yes' : 'NO'}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  verdict('server kill', r.lost === 0 && r.problems.length === 0 && r.acknowledged > 0, r.problems);
}

if (only.has('b')) {
  log('(b) agent SIGKILLed mid-scan, server down meanwhile, agent killed again, both back (600 files, 30 added and 30 deleted offline)');
  const started = Date.now();
  const r = await runAgentKill({ files: 600, churn: 30, log });
  log(`  files ${r.files}, expected live ${r.expectedLive}, found ${r.foundLive}, lost ${r.lost}, duplicates ${r.duplicates}, wrong labels ${r.wrongLabels}, ghosts ${r.ghosts}`);
  log(`  re-sent classifications (at-least-once, allowed): ${r.resent}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  verdict('agent kill', r.lost === 0 && r.duplicates === 0 && r.wrongLabels === 0 && r.ghosts === 0 && r.problems.length === 0, r.problems);
}

if (only.has('c')) {
  log("(c) the agent's state directory full (30 files before, 50 while full)");
  const started = Date.now();
  const r = await runDiskFull({ before: 30, during: 50, log });
  log(`  method ${r.method}; errors logged ${r.errorsLogged} (e.g. "${r.sampleError}")`);
  log(`  agent stayed up: ${r.agentSurvived ? 'yes' : 'no'}; state integrity_check: ${r.integrity}; files ${r.filesExpected}, found ${r.filesFound}, lost ${r.lost}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  verdict('disk full', r.lost === 0 && r.integrity === 'ok' && r.errorsLogged > 0 && r.agentSurvived && r.problems.length === 0, r.problems);
}

if (only.has('d')) {
  log('(d) PostgreSQL stopped for 3 s and started again during a burst of classify requests (16 concurrent submitters), then a server started while it is down');
  const started = Date.now();
  const r = await runPostgresRestart({ concurrency: 16, downMs: 3000, log });
  log(`  requests sent ${r.sent}, acknowledged ${r.acknowledged}, answered 503 ${r.unavailable}, found ${r.found}, lost ${r.lost}`);
  log(`  server started while PostgreSQL was down waited and logged, then served: ${r.waitedAtStart ? 'yes' : 'NO'}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  verdict('postgres restart', r.lost === 0 && r.waitedAtStart && r.problems.length === 0 && r.acknowledged > 0, r.problems);
}

log(failed === 0 ? 'faults: all scenarios passed, data lost 0' : `faults: ${failed} scenario(s) FAILED`);
process.exitCode = failed === 0 ? 0 : 1;
