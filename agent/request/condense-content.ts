// Fits a long document into the server's content limit without changing its classification:
// the head of the text plus the passages where the policy matched, verified with the same
// engine the server runs. The policy is used as a black box (only classify() is called), so
// any rule format — patterns, keywords, validators, context, exclusions — is handled alike.
import { type Classification, classify } from '../../shared/engine/classify.ts';
import type { CompiledPolicy } from '../../shared/engine/compile-policy.ts';

export interface CondenseInput {
  readonly policy: CompiledPolicy;
  readonly name: string;
  readonly asset_type: string | null;
  readonly text: string;
  /** classify() of the whole text (what the agent recorded). */
  readonly full: Classification;
  /** Most characters the result may have. */
  readonly budget: number;
  /** Label name → level, to keep the most sensitive passages first when they do not all fit. */
  readonly levels: ReadonlyMap<string, number>;
}

export interface Condensed {
  readonly content: string;
  /** The engine gives `content` the same label and matched rules as the whole text. */
  readonly exact: boolean;
  readonly condensed: boolean;
  /** Passages kept besides the head. */
  readonly passages: number;
  /** The ranges of the text that `content` holds, in order, joined by PASSAGE_SEPARATOR. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/** Between kept passages, so that none runs into the next. */
export const PASSAGE_SEPARATOR = '\n\n[…]\n\n';
/** Bounds on the fallback search (classify() calls, characters scanned), so one document cannot hog the CPU. */
const MAX_FALLBACK_PROBES = 400;
const MAX_FALLBACK_CHARS = 200_000_000;

interface Chunk {
  readonly start: number;
  readonly end: number;
  /** Highest label level among the findings the chunk adds to the empty-content baseline; -1 when none. */
  readonly score: number;
}

function resultKey(c: Classification): string {
  return `${c.label.name}\u0000${c.matched_rules.join('\u0000')}`;
}

/** Overlapping windows over the text: a core of `step` characters with `margin` of context on each side. */
function chunkGrid(length: number, budget: number): { step: number; margin: number; count: number } {
  const step = Math.min(8192, Math.max(256, Math.floor(budget / 8)));
  const margin = Math.min(1024, Math.floor(step / 4));
  return { step, margin, count: Math.ceil(length / step) };
}

/** The ranges of the text kept, in order and merged: the head, then the chunks. */
function keptRanges(headChars: number, chunks: readonly Chunk[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = headChars > 0 ? [[0, headChars]] : [];
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) ranges.push([c.start, c.end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  return ranges.map(([s, e]) => text.slice(s, e)).join(PASSAGE_SEPARATOR);
}

export function condenseContent(input: CondenseInput): Condensed {
  const { policy, text, budget } = input;
  if (text.length <= budget) return { content: text, exact: true, condensed: false, passages: 0, ranges: [[0, text.length]] };
  const asset = { name: input.name, asset_type: input.asset_type };
  const run = (content: string) => classify(policy, { ...asset, content });
  const target = resultKey(input.full);

  // 1. Which windows make the policy say something it does not say about empty content?
  const baseline = new Set(run('').findings.map((f) => `${f.rule}#${f.count}`));
  const grid = chunkGrid(text.length, budget);
  const all: Chunk[] = [];
  const interesting: Chunk[] = [];
  for (let i = 0; i < grid.count; i++) {
    const start = Math.max(0, i * grid.step - grid.margin);
    const end = Math.min(text.length, (i + 1) * grid.step + grid.margin);
    let score = -1;
    for (const f of run(text.slice(start, end)).findings) {
      if (!baseline.has(`${f.rule}#${f.count}`)) score = Math.max(score, input.levels.get(f.label) ?? 0);
    }
    const chunk = { start, end, score };
    all.push(chunk);
    if (score >= 0) interesting.push(chunk);
  }

  // 2. The most sensitive windows that fit in three quarters of the budget; the head of the
  //    text fills what is left (at least a quarter), for context.
  const windowsLength = (chunks: readonly Chunk[]) => (chunks.length === 0 ? 0 : render(text, keptRanges(0, chunks)).length + PASSAGE_SEPARATOR.length);
  const headRanges = (chunks: readonly Chunk[]) => keptRanges(Math.max(0, budget - windowsLength(chunks)), chunks);
  const withHead = (chunks: readonly Chunk[]) => render(text, headRanges(chunks));
  const selected: Chunk[] = [];
  const windowBudget = budget - Math.floor(budget / 4);
  for (const c of [...interesting].sort((a, b) => b.score - a.score || a.start - b.start)) {
    if (windowsLength([...selected, c]) <= windowBudget) selected.push(c);
  }
  let content = withHead(selected);
  let result = run(content);

  // 3. Rules that need matches spread over several windows (min_matches): add, one at a time,
  //    the window that makes a missing rule match, found by bisection over the remaining ones.
  let probes = 0;
  let scanned = 0;
  const withinBounds = () => probes < MAX_FALLBACK_PROBES && scanned < MAX_FALLBACK_CHARS;
  for (const rule of input.full.matched_rules) {
    if (resultKey(result) === target || !withinBounds()) break;
    while (!result.matched_rules.includes(rule) && withinBounds()) {
      const rest = all.filter((c) => !selected.includes(c));
      const matchesWith = (k: number) => {
        const probe = withHead([...selected, ...rest.slice(0, k)]);
        probes++;
        scanned += probe.length;
        return run(probe).matched_rules.includes(rule);
      };
      if (rest.length === 0 || !matchesWith(rest.length)) break;
      let lo = 1;
      let hi = rest.length;
      while (lo < hi && withinBounds()) {
        const mid = (lo + hi) >> 1;
        if (matchesWith(mid)) hi = mid;
        else lo = mid + 1;
      }
      const needed = rest[hi - 1]!;
      // The head gives way to windows a rule needs.
      if (windowsLength([...selected, needed]) > budget) break;
      selected.push(needed);
      content = withHead(selected);
      result = run(content);
    }
  }
  return { content, exact: resultKey(result) === target, condensed: true, passages: selected.length, ranges: headRanges(selected) };
}
