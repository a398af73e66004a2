// Import-time safety analysis off the main thread: the new patterns and keyword lists of a request
// are checked in a worker thread (rule-safety.ts) within a budget for the whole request; a worker
// over budget is terminated (a new one starts for the next request) and whatever it had not
// checked is refused. Verdicts are remembered in a bounded memo (least recently used forgotten).
import { Worker } from 'node:worker_threads';
import type { SafetyItem } from '../../../shared/engine/rule-safety.ts';
import type { AnalysisReply, AnalysisRequest } from './analysis-protocol.ts';

export interface RuleAnalyserOptions {
  /** Time one pattern's proof may take (recheck's timeout); a pattern not proven in time is refused. */
  readonly patternTimeoutMs?: number;
  /** Time all the new items of one request may take together. */
  readonly requestBudgetMs?: number;
  readonly memoEntries?: number;
}

export interface RuleAnalyser {
  /** One problem per refused item, `where: reason`; empty when every item is safe. Requests run one at a time. */
  analyse(items: readonly SafetyItem[]): Promise<string[]>;
  /** Idempotent; terminates the worker. */
  close(): Promise<void>;
}

/** The options of the `server.rule_import` config section. */
export function ruleAnalyserOptions(config: { rule_import: { pattern_seconds: number; request_seconds: number } }): RuleAnalyserOptions {
  return { patternTimeoutMs: config.rule_import.pattern_seconds * 1000, requestBudgetMs: config.rule_import.request_seconds * 1000 };
}

const WORKER_ENTRY = new URL('./analysis-worker-bootstrap.mjs', import.meta.url);
/** A worker that has not loaded by then is considered broken. */
const STARTUP_MS = 60_000;

export function createRuleAnalyser(opts: RuleAnalyserOptions = {}): RuleAnalyser {
  const patternTimeoutMs = opts.patternTimeoutMs ?? 10_000;
  const budgetMs = opts.requestBudgetMs ?? 60_000;
  const memoEntries = opts.memoEntries ?? 2000;
  const memo = new Map<string, string | null>();
  let worker: Promise<Worker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const remember = (key: string, problem: string | null) => {
    // A timeout depends on the machine's load at the time: not remembered, so a retry can succeed.
    if (problem?.includes('(timeout)')) return;
    memo.delete(key);
    memo.set(key, problem);
    if (memo.size > memoEntries) memo.delete(memo.keys().next().value!);
  };

  const started = (): Promise<Worker> => {
    if (worker) return worker;
    const current: Promise<Worker> = new Promise<Worker>((resolve, reject) => {
      const w = new Worker(WORKER_ENTRY);
      w.unref();
      const timer = setTimeout(() => fail(new Error('the analysis worker did not start')), STARTUP_MS);
      const fail = (err: Error) => {
        clearTimeout(timer);
        worker = null;
        void w.terminate();
        reject(err);
      };
      w.once('error', fail);
      w.once('message', (m: AnalysisReply) => {
        clearTimeout(timer);
        w.off('error', fail);
        if (m.type !== 'ready') return fail(new Error('unexpected first message from the analysis worker'));
        // From now on a crash only loses this worker: the request running fails its unchecked items.
        w.on('error', () => {});
        w.once('exit', () => {
          if (worker === current) worker = null;
        });
        resolve(w);
      });
    });
    worker = current;
    return current;
  };

  const stop = () => {
    const w = worker;
    worker = null;
    void w?.then((x) => x.terminate()).catch(() => {});
  };

  /** Checks `items` in the worker; the verdicts it gave before the budget ran out are in `found`. */
  const run = async (items: readonly SafetyItem[], found: Map<string, string | null>): Promise<void> => {
    const deadline = Date.now() + budgetMs;
    const w = await started();
    await new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onError);
        resolve();
      };
      const timer = setTimeout(() => {
        stop();
        end();
      }, Math.max(0, deadline - Date.now()));
      const onMessage = (m: AnalysisReply) => {
        if (m.type === 'item') found.set(m.key, m.problem);
        else if (m.type === 'done') end();
      };
      const onError = () => {
        stop();
        end();
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.once('exit', onError);
      w.postMessage({ items, patternTimeoutMs } satisfies AnalysisRequest);
    });
  };

  return {
    analyse(items) {
      const result = queue.then(async () => {
        if (closed) throw new Error('the rule analyser is closed');
        const found = new Map<string, string | null>();
        const todo = items.filter((i) => {
          if (!memo.has(i.key)) return true;
          found.set(i.key, memo.get(i.key)!);
          return false;
        });
        if (todo.length > 0) await run(todo, found);
        const problems: string[] = [];
        for (const item of items) {
          if (!found.has(item.key)) {
            problems.push(`${item.where}: not analysed within the request's budget of ${budgetMs / 1000} s; import fewer new patterns at once`);
            continue;
          }
          const problem = found.get(item.key)!;
          if (todo.includes(item)) remember(item.key, problem);
          if (problem !== null) problems.push(`${item.where}: ${problem}`);
        }
        return problems;
      });
      queue = result.catch(() => {});
      return result;
    },
    async close() {
      closed = true;
      stop();
    },
  };
}
