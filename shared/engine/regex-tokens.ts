// Splits a regular-expression source into its top-level tokens with their quantifiers, for the
// conservative analyses of required-literal.ts and match-digits.ts. Groups are not entered: a
// token carries its body, which the analyses tokenize in turn.

export interface RegexToken {
  /** `|` at this level; a lookaround (matches nothing); a group (`inner` is its body, header removed); a class; an escape; `^`/`$`; one character. */
  readonly kind: 'or' | 'lookaround' | 'group' | 'class' | 'escape' | 'anchor' | 'char';
  /** The token's source, quantifier excluded (for a group: its body). */
  readonly text: string;
  /** How often it repeats: {1, 1} without a quantifier, max Infinity when unbounded. */
  readonly min: number;
  readonly max: number;
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

/** Length of a group's header: `?:`, `?<name>` or nothing. */
export function groupHeader(inner: string): number {
  if (inner.startsWith('?:')) return 2;
  const named = /^\?<[A-Za-z_][A-Za-z0-9_]*>/.exec(inner);
  return named ? named[0].length : 0;
}

const LOOKAROUND = /^\?(?:=|!|<=|<!)/;
const QUANTIFIER = /^(?:\{([0-9]+)(?:(,)([0-9]*))?\}|([?*+]))\??/;

/** Index just past the escape at `i` (-1 when it is cut off). */
function skipEscape(src: string, i: number): number {
  const e = src[i + 1];
  if (e === undefined) return -1;
  const next = i + 2;
  const closing = (from: number) => {
    const end = src.indexOf('}', from);
    return end < 0 ? -1 : end + 1;
  };
  if ((e === 'u' || e === 'p' || e === 'P') && src[next] === '{') return closing(next);
  if (e === 'u') return next + 4;
  if (e === 'x') return next + 2;
  if (e === 'c') return next + 1;
  return next;
}

/** The top-level tokens of `src`, or null when a group, class or escape is not closed. */
export function regexTokens(src: string): RegexToken[] | null {
  const out: RegexToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '|') {
      out.push({ kind: 'or', text: c, min: 1, max: 1 });
      i++;
      continue;
    }
    let kind: RegexToken['kind'];
    let next: number;
    let text: string;
    if (c === '(') {
      next = skipGroup(src, i);
      if (next < 0) return null;
      const inner = src.slice(i + 1, next - 1);
      kind = LOOKAROUND.test(inner) ? 'lookaround' : 'group';
      text = kind === 'group' ? inner.slice(groupHeader(inner)) : inner;
    } else {
      if (c === '[') next = skipClass(src, i);
      else if (c === '\\') next = skipEscape(src, i);
      else next = i + 1;
      if (next < 0 || next > src.length) return null;
      kind = c === '[' ? 'class' : c === '\\' ? 'escape' : c === '^' || c === '$' ? 'anchor' : 'char';
      text = src.slice(i, next);
    }
    let min = 1;
    let max = 1;
    const q = QUANTIFIER.exec(src.slice(next));
    if (q) {
      if (q[4] === '*') [min, max] = [0, Infinity];
      else if (q[4] === '+') [min, max] = [1, Infinity];
      else if (q[4] === '?') [min, max] = [0, 1];
      else [min, max] = [Number(q[1]), q[2] === undefined ? Number(q[1]) : q[3] === '' ? Infinity : Number(q[3])];
      next += q[0].length;
    }
    out.push({ kind, text, min, max });
    i = next;
  }
  return out;
}
