// Finds a literal string that every match of a regular expression must contain, so the engine
// can skip the regex when the text does not contain it (an exact prefilter: results are the
// same, only faster). Conservative: anything it does not understand yields no literal.

const META = new Set(['.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '\\']);
/** Escapes that stand for one literal character. */
const LITERAL_ESCAPES = new Set(['.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '\\', '/', '-', '@', '#', ':', '=', '!', ',', '<', '>', '"', "'", ' ', '_', '&', '%', '~', '`']);

function isQuantifierAt(src: string, i: number): boolean {
  const c = src[i];
  return c === '?' || c === '*' || c === '+' || (c === '{' && /^\{[0-9]+(,[0-9]*)?\}/.test(src.slice(i)));
}

/** Index just past the group that starts at `i` (-1 if it is not closed). */
export function skipGroup(src: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Index just past the class that starts at `i` (-1 if it is not closed). */
export function skipClass(src: string, i: number): number {
  for (i++; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i + 1;
  }
  return -1;
}

export interface AnchorLiteral {
  readonly literal: string;
  /** Most characters a match can have before the literal (Infinity when unbounded). */
  readonly maxPrefix: number;
}

/** The longest required literal run, with how far before it a match can start. */
export function anchorLiteral(source: string): AnchorLiteral | null {
  const runs: { text: string; start: number }[] = [];
  let run = '';
  let runStart = 0;
  const end = () => {
    if (run) runs.push({ text: run, start: runStart });
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let literal: string | null = null;
    let next: number;
    if (c === '|') return null; // top-level alternation: no single required literal
    if (c === '(') next = skipGroup(source, i);
    else if (c === '[') next = skipClass(source, i);
    else if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return null;
      if (LITERAL_ESCAPES.has(e)) literal = e;
      next = i + 2;
      if (e === 'u' || e === 'x' || e === 'c' || e === 'p' || e === 'P' || e === 'k') return finish(source, runs, run, runStart);
    } else if (META.has(c)) {
      next = i + 1; // . ^ $ and stray quantifiers break the run
    } else {
      literal = c;
      next = i + 1;
    }
    if (next < 0) return null;
    if (isQuantifierAt(source, next)) {
      // The token is optional or repeated: it is not a literal every match has.
      literal = null;
      next = source[next] === '{' ? source.indexOf('}', next) + 1 : next + 1;
      if (source[next] === '?') next++;
    }
    if (literal !== null) {
      if (!run) runStart = i;
      run += literal;
    } else end();
    i = next;
  }
  return finish(source, runs, run, runStart);
}

function finish(source: string, runs: { text: string; start: number }[], run: string, runStart: number): AnchorLiteral | null {
  const all = run ? [...runs, { text: run, start: runStart }] : runs;
  let best: { text: string; start: number } | null = null;
  for (const r of all) if (best === null || r.text.length > best.text.length) best = r;
  return best && { literal: best.text, maxPrefix: maxMatchLength(source.slice(0, best.start)) };
}

/** Longest string a (top-level, alternation-free or not) regex fragment can match; Infinity if unbounded. */
export function maxMatchLength(fragment: string): number {
  let best = 0;
  let total = 0;
  let i = 0;
  while (i < fragment.length) {
    const c = fragment[i]!;
    let len: number;
    let next: number;
    if (c === '|') {
      best = Math.max(best, total);
      total = 0;
      i++;
      continue;
    }
    if (c === '(') {
      next = skipGroup(fragment, i);
      if (next < 0) return Infinity;
      const inner = fragment.slice(i + 1, next - 1);
      len = inner.startsWith('?=') || inner.startsWith('?!') || inner.startsWith('?<=') || inner.startsWith('?<!') ? 0 : maxMatchLength(inner.slice(groupHeader(inner)));
    } else if (c === '[') {
      next = skipClass(fragment, i);
      if (next < 0) return Infinity;
      len = 1;
    } else if (c === '\\') {
      const e = fragment[i + 1];
      if (e === undefined) return Infinity;
      if (/[0-9k]/.test(e)) return Infinity; // back-references
      len = e === 'b' || e === 'B' ? 0 : 1;
      next = i + 2;
      if (e === 'u' && fragment[next] === '{') next = fragment.indexOf('}', next) + 1;
      else if (e === 'u') next += 4;
      else if (e === 'x') next += 2;
      else if (e === 'c') next += 1;
      else if ((e === 'p' || e === 'P') && fragment[next] === '{') next = fragment.indexOf('}', next) + 1;
    } else if (c === '^' || c === '$') {
      len = 0;
      next = i + 1;
    } else {
      len = 1;
      next = i + 1;
    }
    const q = /^(?:\{([0-9]+)(?:(,)([0-9]*))?\}|([?*+]))\??/.exec(fragment.slice(next));
    if (q) {
      if (q[4] === '*' || q[4] === '+') len = len === 0 ? 0 : Infinity;
      else if (q[4] !== '?' && len > 0) len = len * (q[2] === undefined ? Number(q[1]) : q[3] === '' ? Infinity : Number(q[3]));
      next += q[0].length;
    }
    total += len;
    i = next;
  }
  return Math.max(best, total);
}

/** Length of a group's header: `?:`, `?<name>` or nothing. */
export function groupHeader(inner: string): number {
  if (inner.startsWith('?:')) return 2;
  const named = /^\?<[A-Za-z_][A-Za-z0-9_]*>/.exec(inner);
  return named ? named[0].length : 0;
}
