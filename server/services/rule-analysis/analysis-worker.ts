// The rule analyser's worker thread: checks the items of one request after the other and reports
// each verdict as soon as it has it, so that a request stopped over budget keeps what was proven.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { checkItem } from '../../../shared/engine/rule-safety.ts';
import type { AnalysisReply, AnalysisRequest } from './analysis-protocol.ts';

function run(port: NonNullable<typeof parentPort>): void {
  const reply = (r: AnalysisReply) => port.postMessage(r);
  port.on('message', (req: AnalysisRequest) => {
    for (const item of req.items) reply({ type: 'item', key: item.key, problem: checkItem(item, req.patternTimeoutMs, () => performance.now()) });
    reply({ type: 'done' });
  });
  reply({ type: 'ready' });
}

if (parentPort) run(parentPort);
