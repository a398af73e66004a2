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

/** Index just past the group or class that starts at `i`. */
function skipGroup(src: string, i: number): number {
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

function skipClass(src: string, i: number): number {
  for (i++; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i + 1;
  }
  return -1;
}

/** The longest literal run that every match contains, or null. */
export function requiredLiteral(source: string): string | null {
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run) runs.push(run);
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
      if (e === 'u' || e === 'x' || e === 'c' || e === 'p' || e === 'P' || e === 'k') return run || runs.length ? pick(runs, run) : null;
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
    if (literal !== null) run += literal;
    else end();
    i = next;
  }
  return pick(runs, run);
}

function pick(runs: string[], run: string): string | null {
  const all = run ? [...runs, run] : runs;
  let best: string | null = null;
  for (const r of all) if (best === null || r.length > best.length) best = r;
  return best;
}
