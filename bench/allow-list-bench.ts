// The allow-list's cost in the engine: classify() over card-dense text with no allow-list, beside
// the same text with a 1,000-entry allow-list that holds the repeated test card (each match then
// costs one HMAC-SHA256). Same documents, same run, CPU time, best of three.
import { allowListHash, normalForms } from '../shared/engine/allow-list.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

const MB = 1024 * 1024;

export interface AllowListBenchResult {
  readonly bytes: number;
  readonly card_matches: number;
  readonly entries: number;
  readonly without_mb_s: number;
  readonly with_mb_s: number;
  /** with / without: 1 means the allow-list costs nothing. */
  readonly ratio: number;
}

function cpuBest(policy: ReturnType<typeof compilePolicy>, docs: readonly string[]): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    for (const content of docs) classify(policy, { name: 'bench.txt', content });
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  return best;
}

export function runAllowListBench(opts: { megabytes: number; entries: number }): AllowListBenchResult {
  const random = seededRandom(7);
  const base = generateText(random, opts.megabytes * MB);
  const card = 'Card 4111 1111 1111 1111. ';
  const parts: string[] = [];
  for (let i = 0; i < base.length; i += 2000) parts.push(base.slice(i, i + 2000), card);
  const text = parts.join('');
  const docs: string[] = [];
  for (let i = 0; i < text.length; i += MB) docs.push(text.slice(i, i + MB));
  const key = Buffer.alloc(32, 3);
  const values = ['4111 1111 1111 1111', ...Array.from({ length: opts.entries - 1 }, (_, i) => `TEST-VALUE-${i}`)];
  const hashes = values.flatMap((v) => normalForms(v).map((f) => allowListHash(key, f)));
  const without = compilePolicy(DEFAULT_LABELS, defaultRules());
  const withList = compilePolicy(DEFAULT_LABELS, defaultRules(), EMPTY_EXCLUSIONS, { key: key.toString('base64url'), hashes });
  classify(withList, { name: 'warmup.txt', content: docs[0]! });
  const bytes = Buffer.byteLength(text);
  const a = cpuBest(without, docs);
  const b = cpuBest(withList, docs);
  return { bytes, card_matches: parts.length / 2, entries: opts.entries, without_mb_s: bytes / MB / a, with_mb_s: bytes / MB / b, ratio: a / b };
}
