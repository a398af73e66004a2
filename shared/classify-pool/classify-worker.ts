// A classification worker thread: compiles policies (kept by key, least recently used dropped)
// and classifies one asset per message, writing the index of the rule it is evaluating into shared
// memory so that the pool can name the rule if it has to terminate this thread. A message may
// carry a JSON body's bytes instead of an asset: the worker parses and checks it, and classifies
// the content of a plain body (classify-protocol.ts, ClassifyBody).
import { parentPort, workerData } from 'node:worker_threads';
import { type AssetInput, type Classification, classify } from '../engine/classify.ts';
import { type CompiledPolicy, compilePolicy } from '../engine/compile-policy.ts';
import { createScanHost } from '../engine/scanner/scan-host.ts';
import type { BodyOutcome, ClassifyBody, ClassifyReply, ClassifyRequest, ClassifyWorkerData } from './classify-protocol.ts';
import { parseJsonBytes } from './json-body-text.ts';
import { createNameContentReader, type NameContentReader } from './name-content-body.ts';
import { plainClassifyBody } from './plain-classify-body.ts';

/** Compiled policies kept per worker. */
const MAX_POLICIES = 64;

/**
 * Parses and checks `body` (the usual `{"name", "content"}` shape without JSON.parse of its
 * content, name-content-body.ts; any other as before); a plain body's content goes to
 * `classifyAsset` (unless it is unreadable), after `onStart`.
 */
function bodyOutcome(body: ClassifyBody, reader: NameContentReader, onStart: (chars: number) => void, classifyAsset: (asset: AssetInput) => Classification): BodyOutcome {
  const bytes = new Uint8Array(body.bytes);
  let parsed: unknown = reader.read(bytes);
  const how = parsed === undefined ? 'parse' : 'fast';
  if (parsed === undefined) {
    try {
      parsed = parseJsonBytes(bytes);
    } catch (err) {
      return { kind: 'invalid', message: err instanceof Error ? err.message : String(err) };
    }
  }
  const plain = plainClassifyBody(parsed, body.limits);
  if (!plain) return { kind: 'unusual', bytes: body.bytes, reader: how };
  const { content, ...request } = plain;
  if (request.unreadable) return { kind: 'plain', request, result: null, reader: how };
  onStart(content?.length ?? 0);
  return { kind: 'plain', request, result: classifyAsset({ name: request.name, asset_type: request.asset_type ?? null, content: content ?? null }), reader: how };
}

function run(port: NonNullable<typeof parentPort>, data: ClassifyWorkerData): void {
  const progress = new Int32Array(data.progress);
  const policies = new Map<string, CompiledPolicy>();
  const scanHost = createScanHost(); // one scanner instance for all the kept policies
  const reader = createNameContentReader(); // keeps a memory of about twice the largest body read, up to its cap
  const onRule = (i: number) => Atomics.store(progress, 0, i);
  port.on('message', (req: ClassifyRequest) => {
    let reply: ClassifyReply;
    let transfer: ArrayBuffer[] = [];
    let policy = policies.get(req.key);
    let ruleNames: readonly string[] = [];
    try {
      if (!policy && req.policy) {
        policy = compilePolicy(req.policy.labels, req.policy.rules, req.policy.exclusions, req.policy.allow_list, { scanHost });
        if (policies.size >= MAX_POLICIES) policies.delete(policies.keys().next().value!);
      }
      if (!policy) {
        reply = { id: req.id, type: 'missing', bytes: req.body?.bytes };
        transfer = req.body ? [req.body.bytes] : [];
      } else {
        const compiled = policy;
        policies.delete(req.key);
        policies.set(req.key, compiled);
        ruleNames = compiled.rules.map((r) => r.name);
        const classifyAsset = (asset: AssetInput) => classify(compiled, asset, onRule);
        if (req.body) {
          const onStart = (chars: number) => port.postMessage({ id: req.id, type: 'started', chars } satisfies ClassifyReply);
          const failed = reader.failure;
          const outcome = bodyOutcome(req.body, reader, onStart, classifyAsset);
          if (failed === null && reader.failure !== null) port.postMessage({ type: 'reader_failed', reason: reader.failure } satisfies ClassifyReply);
          reply = { id: req.id, type: 'body', outcome };
          if (outcome.kind === 'unusual') transfer = [outcome.bytes];
        } else reply = { id: req.id, type: 'result', result: classifyAsset(req.asset!) };
      }
    } catch (err) {
      const index = Atomics.load(progress, 0);
      reply = { id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err), rule: ruleNames[index] ?? null };
    }
    Atomics.store(progress, 0, -1);
    try {
      port.postMessage(reply, transfer);
    } catch (err) {
      // A reply that cannot be sent fails its job now rather than at the end of its budget.
      port.postMessage({ id: req.id, type: 'error', message: `reply not sent: ${err instanceof Error ? err.message : String(err)}`, rule: null } satisfies ClassifyReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies ClassifyReply);
}

if (parentPort) run(parentPort, workerData as ClassifyWorkerData);
