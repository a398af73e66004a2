// The engine's shared scans of a text in one WebAssembly pass (shared-scan.wat), lower-cased as it
// is read (as lowerOf lower-cases it): where the policy's starters begin (as keywordScan's regex finds them), the runs of ASCII digits, the
// runs of ASCII word characters at least the policy's shortest word run long, and which of up to
// sixteen literals occur in it (the ones mayMatch looks for, lower-cased). A policy's scanner keeps its
// tables here and scans in its thread's ScanHost (one instance for all policies), in fixed memory:
// the text is written in chunks, the walk's state carried.
import { isWordCode } from '../word-boundary.ts';
import { createScanHost, type ScanHost, type ScanTables } from './scan-host.ts';

export interface SharedScanResult {
  /** (position, starter index) pairs, positions ascending: the longest starter at each position where one begins. */
  readonly hits: Int32Array;
  /** [start, end) pairs of the runs of ASCII digits, ascending. */
  readonly digitRuns: Int32Array;
  /** [start, length] pairs of the maximal runs of ASCII word characters at least `shortestWordRun` long; null when the policy asks for none. */
  readonly wordRuns: Int32Array | null;
  /** Bit i: `literals[i]` occurs in the text. */
  readonly literalsFound: number;
  /** Whether the text holds ſ or the Kelvin sign, which lower-case to ASCII word characters (s, k). */
  readonly folded: boolean;
}

export interface SharedScanner {
  /** How many starters the hits refer to (their indexes are below it). */
  readonly starterCount: number;
  /** The word-run length the scans report runs for (Infinity: none). */
  readonly shortestWordRun: number;
  /** The literals whose presence the scans report (scannableLiteral), in the order of literalsFound's bits. */
  readonly literals: readonly string[];
  /**
   * Scans `text` lower-cased as lowerOf does it (toLowerCase, then ſ as s; the scan's results are
   * those of that copy, so the copy itself may be passed too): `text` must not hold İ, whose lower
   * case is two units. Null when the host cannot run the scanner (the JavaScript scans then do it).
   */
  scan(text: string): SharedScanResult | null;
}

/** Code units per call by default: the memory holds one chunk (and the longest starter beyond it) and its results. */
export const SCAN_CHUNK = 16384;
const WORD = 1;
const DIGIT = 2;
// Header slots (byte offsets, see shared-scan.wat) and the tables' places.
const H_PREV = 0;
const H_WORD_START = 4;
const H_HITS = 8;
const H_DIGITS = 12;
const H_WORDS = 16;
const H_ALL_LITERALS = 56;
const H_LITERALS_FOUND = 60;
const H_FILTER = 64;
const H_FOLDED = 68;
const CLASSES_AT = 320;
/** The buckets of literals 0-7 and of literals 8-15 by their first two units (four tables of 16 bytes each). */
const BUCKETS_AT = [576, 256];
/** The same by their third unit (two tables of 16 bytes each; a literal of two units is in every entry). */
const THIRD_BUCKETS_AT = [128, 160];
const LITERALS_AT = 640;
const LITERAL_STRIDE = 64;
const TEXT_AT = 1792;
/** At most this many literals (one bucket bit each), of at most this many code units. */
export const MAX_SCANNED_LITERALS = 16;
const MAX_LITERAL_LENGTH = (LITERAL_STRIDE - 4) / 2;

/** Whether the scanner can report this literal's presence: 2 to 30 ASCII units (no NUL). */
export const scannableLiteral = (literal: string): boolean => literal.length >= 2 && literal.length <= MAX_LITERAL_LENGTH && /^[\x01-\x7f]+$/.test(literal);

interface Trie {
  /** Class of each code unit below 256 (0: in no starter). */
  readonly classes: Uint8Array;
  /** log2 of the classes per node (rows padded to a power of two). */
  readonly shift: number;
  /** Next node by node × class, times 2, plus 1 when a starter ends there; 0: none (node 0 is the root). */
  readonly next: Uint16Array;
  /** Starter index + 1 where a starter ends at the node, 0: none. */
  readonly accept: Int32Array;
  readonly longest: number;
}

/**
 * A trie of the starters over their code units; null when one holds a unit of 256 or more or a NUL
 * (the scan reads units >= 256, and the end of the readable text, as a 0 in no starter), or their
 * characters (the most nodes) do not fit 15 bits.
 */
function trieOf(starters: readonly string[]): Trie | null {
  const classes = new Uint8Array(256);
  let width = 1;
  for (const w of starters) {
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c >= 256 || c === 0) return null;
      if (classes[c] === 0) classes[c] = width++;
    }
  }
  const shift = Math.ceil(Math.log2(width));
  // Raw node numbers first (at most one node per starter character, plus the root), then encoded.
  const maxNodes = 1 + starters.reduce((n, w) => n + w.length, 0);
  if (maxNodes * 2 > 0xffff) return null;
  const raw = new Uint16Array(maxNodes << shift);
  const accept = new Int32Array(maxNodes);
  let nodes = 1;
  starters.forEach((w, id) => {
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const at = (node << shift) + classes[w.charCodeAt(i)]!;
      if (raw[at] === 0) raw[at] = nodes++;
      node = raw[at]!;
    }
    accept[node] = id + 1;
  });
  const next = raw.slice(0, nodes << shift).map((node) => (node === 0 ? 0 : node * 2 + (accept[node]! > 0 ? 1 : 0)));
  return { classes, shift, next, accept: accept.slice(0, nodes), longest: Math.max(0, ...starters.map((w) => w.length)) };
}

/** Bytes of the start filter: one bit per 16-bit hash. */
const FILTER_BYTES = 1 << 13;

/** The start filter's bit for the classes of three units (as shared-scan.wat hashes them). */
const filterBit = (c0: number, c1: number, c2: number): number => Math.imul((c0 << 16) | (c1 << 8) | c2, 0x9e3779b1) >>> 16;

/**
 * The start filter: a bit set for the trie classes of the first three units of every starter, and
 * for every class after a starter shorter than that, so a position whose bit is clear begins no
 * starter (other hashes colliding with a set bit only cost a walk).
 */
function startFilterOf(starters: readonly string[], classes: Uint8Array): Uint8Array {
  const filter = new Uint8Array(FILTER_BYTES);
  const set = (h: number) => (filter[h >> 3]! |= 1 << (h & 7));
  const any = Array.from({ length: Math.max(...classes) + 1 }, (_, c) => c);
  for (const w of starters) {
    const [c0, c1, c2] = Array.from(w.slice(0, 3), (u) => classes[u.charCodeAt(0)]!);
    if (c0 === undefined) continue; // the empty starter is never reported
    for (const x of c1 === undefined ? any : [c1]) for (const y of c2 === undefined ? any : [c2]) set(filterBit(c0, x, y));
  }
  return filter;
}

/** An Int32Array that grows by doubling, for results of unknown size. */
class IntList {
  private data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  append(from: Int32Array): void {
    if (this.length + from.length > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.length + from.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(from, this.length);
    this.length += from.length;
  }
  push(...values: number[]): void {
    this.append(Int32Array.from(values));
  }
  result(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * The scanner for a policy's starters (all beginning with an ASCII word character: found only
 * after a unit that is not one, as `\b` says; otherwise at every position) and shortest word run.
 * Null when the starters cannot be scanned by code unit below 256, or one holds a NUL (the 0 written after the text); the regex then does it.
 * `literals`: up to MAX_SCANNED_LITERALS scannableLiteral ones whose presence is reported (others throw).
 * `chunk`: code units per call (tests make it small to cross many chunk ends).
 * `host`: the thread's ScanHost, shared by its policies; without one, the scanner makes its own at its first scan.
 */
export function createSharedScanner(starters: readonly string[], shortestWordRun: number, options: { literals?: readonly string[]; chunk?: number; host?: ScanHost } = {}): SharedScanner | null {
  const { literals = [], chunk = SCAN_CHUNK } = options;
  if (literals.length > MAX_SCANNED_LITERALS || !literals.every(scannableLiteral)) throw new RangeError(`createSharedScanner: literals must be at most ${MAX_SCANNED_LITERALS}, of 2 to 30 ASCII units`);
  const trie = trieOf(starters);
  if (trie === null) return null;
  const lookahead = Math.max(1, trie.longest, ...literals.map((l) => l.length - 1));
  const hitsAt = align(TEXT_AT + (chunk + lookahead + 16) * 2); // sixteen units are read at a time
  const digitsAt = hitsAt + chunk * 8;
  const wordsAt = digitsAt + (chunk + 4) * 4;
  const trieAt = wordsAt + (chunk + 4) * 4;
  const acceptAt = align(trieAt + trie.next.byteLength);
  const filterAt = align(acceptAt + trie.accept.byteLength);
  const end = filterAt + FILTER_BYTES;

  // The tables, laid out as in the memory: the header and small tables, then the trie.
  const head = new Uint8Array(TEXT_AT);
  head.set(trie.classes, CLASSES_AT);
  literals.forEach((literal, i) => {
    // Teddy's buckets: literal i's bit (i % 8 in the tables of its eight) at the low and high nibble of its first, second and third unit.
    const [c0, c1] = [literal.charCodeAt(0), literal.charCodeAt(1)];
    for (const [table, nibble] of [[0, c0 & 15], [1, c0 >> 4], [2, c1 & 15], [3, c1 >> 4]] as const) head[BUCKETS_AT[i >> 3]! + table * 16 + nibble]! |= 1 << (i & 7);
    for (let nibble = 0; nibble < 16; nibble++) {
      const third = THIRD_BUCKETS_AT[i >> 3]!;
      if (literal.length === 2 || (literal.charCodeAt(2) & 15) === nibble) head[third + nibble]! |= 1 << (i & 7);
      if (literal.length === 2 || literal.charCodeAt(2) >> 4 === nibble) head[third + 16 + nibble]! |= 1 << (i & 7);
    }
    const at = LITERALS_AT + i * LITERAL_STRIDE;
    new Int32Array(head.buffer, at, 1)[0] = literal.length;
    new Uint16Array(head.buffer, at + 4, literal.length).set(Array.from(literal, (c) => c.charCodeAt(0)));
  });
  const headWords = new Int32Array(head.buffer, 0, 17);
  headWords[H_ALL_LITERALS / 4] = (1 << literals.length) - 1;
  headWords.set([hitsAt, digitsAt, wordsAt, trieAt, acceptAt, trie.shift, Number.isFinite(shortestWordRun) ? shortestWordRun : 0x7fffffff, starters.every((w) => isWordCode(w.charCodeAt(0))) ? 1 : 0, TEXT_AT], 5);
  headWords[H_FILTER / 4] = filterAt;
  const tail = new Uint8Array(end - trieAt);
  tail.set(new Uint8Array(trie.next.buffer, trie.next.byteOffset, trie.next.byteLength), 0);
  tail.set(new Uint8Array(trie.accept.buffer, trie.accept.byteOffset, trie.accept.byteLength), acceptAt - trieAt);
  tail.set(startFilterOf(starters, trie.classes), filterAt - trieAt);
  const tables: ScanTables = { head, tail, tailAt: trieAt, size: end };
  let host = options.host ?? null;

  return {
    starterCount: starters.length,
    shortestWordRun,
    literals,
    scan(text: string): SharedScanResult | null {
      host ??= createScanHost();
      const loaded = host.load(tables);
      if (loaded === null) return null;
      const { memory, scanChunk } = loaded;
      const header = new Int32Array(memory.buffer, 0, 18);
      const textBuffer = Buffer.from(memory.buffer, TEXT_AT, (chunk + lookahead + 1) * 2);
      const hits = new IntList(text.length >> 6);
      const digitRuns = new IntList(64);
      const wordRuns = new IntList(64);
      header[H_PREV / 4] = 0;
      header[H_WORD_START / 4] = 0;
      header[H_LITERALS_FOUND / 4] = 0;
      header[H_FOLDED / 4] = 0;
      for (let start = 0; start < text.length; start += chunk) {
        const n = Math.min(chunk, text.length - start);
        const m = Math.min(n + lookahead, text.length - start);
        textBuffer.write(start === 0 && m === text.length ? text : text.slice(start, start + m), 0, m * 2, 'utf16le');
        textBuffer.writeUInt16LE(0, m * 2); // ends every trie walk at m
        scanChunk(start, n, m);
        hits.append(new Int32Array(memory.buffer, hitsAt, header[H_HITS / 4]! * 2));
        digitRuns.append(new Int32Array(memory.buffer, digitsAt, header[H_DIGITS / 4]!));
        wordRuns.append(new Int32Array(memory.buffer, wordsAt, header[H_WORDS / 4]!));
      }
      // Runs still open at the end of the text end there.
      const prev = header[H_PREV / 4]!;
      if (prev & DIGIT) digitRuns.push(text.length);
      const wordStart = header[H_WORD_START / 4]!;
      if (prev & WORD && text.length - wordStart >= shortestWordRun) wordRuns.push(wordStart, text.length - wordStart);
      return { hits: hits.result(), digitRuns: digitRuns.result(), wordRuns: Number.isFinite(shortestWordRun) ? wordRuns.result() : null, literalsFound: header[H_LITERALS_FOUND / 4]!, folded: header[H_FOLDED / 4] !== 0 };
    },
  };
}

const align = (n: number) => (n + 7) & ~7;
