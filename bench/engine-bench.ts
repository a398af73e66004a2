// Engine throughput: MB/s of plain text through the full default catalogue on one core, beside
// ripgrep running the catalogue's regexes over the same file in the same run.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

export interface EngineResult {
  readonly bytes: number;
  readonly engine_mb_s: number;
  /** The same runs by CPU time used (user + system): what one core does when the host is busy. */
  readonly engine_cpu_mb_s: number;
  readonly ripgrep_mb_s: number | null;
  readonly ratio_vs_ripgrep: number | null;
  readonly ripgrep_note: string;
  readonly per_rule_ms: Record<string, number>;
  /** classify() time per document by document size (1 KiB to 1 MiB): flat MB/s is linear growth. */
  readonly by_size: ReadonlyArray<{ readonly bytes: number; readonly us_per_doc: number; readonly mb_s: number }>;
}

/** Each size over the same 4 MiB of text (at least 4 documents), best of three, in CPU time (steadier than wall time on a shared host). */
function timeBySize(policy: ReturnType<typeof compilePolicy>, text: string): EngineResult['by_size'] {
  const out: Array<{ bytes: number; us_per_doc: number; mb_s: number }> = [];
  for (let size = 1024; size <= MB; size *= 4) {
    const docs: string[] = [];
    for (let i = 0; i + size <= text.length && docs.length < Math.max(4, (4 * MB) / size); i += size) docs.push(text.slice(i, i + size));
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const c0 = process.cpuUsage();
      for (const content of docs) classify(policy, { name: 'bench.txt', content });
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1e6 / docs.length);
    }
    out.push({ bytes: size, us_per_doc: best * 1e6, mb_s: size / MB / best });
  }
  return out;
}

const MB = 1024 * 1024;
const DOC_CHARS = MB; // the server's default content limit: one request's worth

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The catalogue's regexes in ripgrep's syntax; keyword lists become one \b-bounded alternation. */
function ripgrepPatterns(): string[] {
  const patterns: string[] = [];
  for (const r of defaultRules()) {
    for (const p of r.conditions.patterns) patterns.push(p.flags.includes('i') ? `(?i:${p.regex})` : p.regex);
    if (r.conditions.keywords.length > 0) {
      const alt = r.conditions.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
      patterns.push(`(?i)\\b(?:${alt})\\b`);
    }
  }
  return patterns;
}

/**
 * The catalogue's regexes split by what ripgrep compiles: those its default engine takes, and the
 * few that need look-around for `--pcre2` (all of them in one PCRE2 regex exceed its compiled-size
 * limit). Throws if a regex compiles in neither.
 */
export function ripgrepPatternSets(): { plain: string[]; pcre: string[] } {
  const patterns = ripgrepPatterns();
  const compiles = (p: string, engine: string[]) => spawnSync('rg', [...engine, '-c', '-e', p, '/dev/null']).status !== 2;
  const plain = patterns.filter((p) => compiles(p, []));
  const pcre = patterns.filter((p) => !plain.includes(p));
  const uncompilable = pcre.filter((p) => !compiles(p, ['--pcre2']));
  if (uncompilable.length > 0) throw new Error(`rg compiles neither engine's version of ${uncompilable.length} catalogue regexes`);
  return { plain, pcre };
}

/** ripgrep over the file with every catalogue regex: one default-engine pass and one PCRE2 pass, timed together. */
function timeRipgrep(file: string, bytes: number, runs: number): { mbs: number | null; note: string } {
  if (spawnSync('rg', ['--version']).status !== 0) return { mbs: null, note: 'ripgrep not installed (apt-get install ripgrep)' };
  const { plain, pcre } = ripgrepPatternSets();
  const passes = [plain.flatMap((p) => ['-e', p]), ...(pcre.length > 0 ? [['--pcre2', ...pcre.flatMap((p) => ['-e', p])]] : [])];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    for (const args of passes) {
      const run = spawnSync('rg', ['--count-matches', '--no-filename', ...args, file], { maxBuffer: 1 << 20 });
      // Exit 1 is "no match"; anything else is reported, not a crash of the whole bench.
      if (run.status !== 0 && run.status !== 1) return { mbs: null, note: `ripgrep failed: ${String(run.stderr).split('\n')[0]}` };
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { mbs: bytes / MB / median(times), note: `ripgrep, ${plain.length} regexes (default engine) and ${pcre.length} (PCRE2), two passes` };
}

export function runEngineBench(opts: { dir: string; megabytes: number; runs: number }): EngineResult {
  const text = generateText(seededRandom(42), opts.megabytes * MB);
  const file = join(opts.dir, 'engine-corpus.txt');
  writeFileSync(file, text);
  const bytes = Buffer.byteLength(text);
  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
  const docs: string[] = [];
  for (let i = 0; i < text.length; i += DOC_CHARS) docs.push(text.slice(i, i + DOC_CHARS));

  // One pass over every document first: V8 needs several documents to compile the engine's hot
  // code (the first document takes 3-5x as long as one once hot), and this figure is the engine's
  // throughput, not its warm-up (round 9 of docs/benchmarks.md; before it, one document warmed up).
  for (const content of docs) classify(policy, { name: 'warmup.txt', content });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const content of docs) classify(policy, { name: 'bench.txt', content });
    const c = process.cpuUsage(c0);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpuTimes.push((c.user + c.system) / 1e6);
  }
  // Where the time goes: each rule alone over the first documents, in CPU time (wall time on a shared host says more about the neighbours).
  const per_rule_ms: Record<string, number> = {};
  for (const rule of policy.rules) {
    const single = { ...policy, rules: [rule] };
    const c0 = process.cpuUsage();
    for (const content of docs.slice(0, 4)) classify(single, { name: 'bench.txt', content });
    const c = process.cpuUsage(c0);
    per_rule_ms[rule.name] = (c.user + c.system) / 1e3 / Math.min(4, docs.length);
  }
  const engine_mb_s = bytes / MB / median(times);
  const by_size = timeBySize(policy, text);
  const rg = timeRipgrep(file, bytes, opts.runs);
  return {
    bytes,
    engine_mb_s,
    engine_cpu_mb_s: bytes / MB / median(cpuTimes),
    ripgrep_mb_s: rg.mbs,
    ratio_vs_ripgrep: rg.mbs === null ? null : rg.mbs / engine_mb_s,
    ripgrep_note: rg.note,
    per_rule_ms,
    by_size,
  };
}
