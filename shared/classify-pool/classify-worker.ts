// A classification worker thread: compiles policies (kept by key, least recently used dropped)
// and classifies one asset per message, writing the index of the rule it is evaluating into shared
// memory so that the pool can name the rule if it has to terminate this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { classify } from '../engine/classify.ts';
import { type CompiledPolicy, compilePolicy } from '../engine/compile-policy.ts';
import { createScanHost } from '../engine/scanner/scan-host.ts';
import type { ClassifyReply, ClassifyRequest, ClassifyWorkerData } from './classify-protocol.ts';

/** Compiled policies kept per worker. */
const MAX_POLICIES = 64;

function run(port: NonNullable<typeof parentPort>, data: ClassifyWorkerData): void {
  const progress = new Int32Array(data.progress);
  const policies = new Map<string, CompiledPolicy>();
  const scanHost = createScanHost(); // one scanner instance for all the kept policies
  const onRule = (i: number) => Atomics.store(progress, 0, i);
  port.on('message', (req: ClassifyRequest) => {
    let reply: ClassifyReply;
    let policy = policies.get(req.key);
    let ruleNames: readonly string[] = [];
    try {
      if (!policy && req.policy) {
        policy = compilePolicy(req.policy.labels, req.policy.rules, req.policy.exclusions, req.policy.allow_list, { scanHost });
        if (policies.size >= MAX_POLICIES) policies.delete(policies.keys().next().value!);
      }
      if (!policy) reply = { id: req.id, type: 'missing' };
      else {
        policies.delete(req.key);
        policies.set(req.key, policy);
        ruleNames = policy.rules.map((r) => r.name);
        reply = { id: req.id, type: 'result', result: classify(policy, req.asset, onRule) };
      }
    } catch (err) {
      const index = Atomics.load(progress, 0);
      reply = { id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err), rule: ruleNames[index] ?? null };
    }
    Atomics.store(progress, 0, -1);
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies ClassifyReply);
}

if (parentPort) run(parentPort, workerData as ClassifyWorkerData);
