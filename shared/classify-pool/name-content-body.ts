// The POST /classify/preview body most clients send, `{"name": "…", "content": "…"}` (these two
// keys in this order, JSON whitespace anywhere between tokens), read without JSON.parse of its
// content: the content's escapes are undone by a WebAssembly pass, 16 bytes at a time
// (json-string-unescape.wat), and the result is decoded as one string — Latin-1 when the body is
// ASCII, UTF-8 otherwise, as json-body-text.ts decodes a whole body. JSON.parse of a 1 MiB content
// with a newline every ~60 bytes costs ~2.5 ms; this ~0.7 ms (with accents, where UTF-8 decoding
// is most of the cost either way, ~6.2 and ~4.3 ms; docs/benchmarks.md, round 7).
// Decoding after unescaping gives what decoding before does: an escape is ASCII and stands for an
// ASCII byte (\u0000-\u007f included, as Go's encoding/json writes '<', '>' and '&'), and a UTF-8
// decoder ends any sequence at an ASCII byte, which decodes as itself.
// The body must end in '"', '}' (whitespace allowed) before any memory is grown for it; the
// instance's memory (about twice the body) is outside the worker's heap limit, so an instance whose
// memory grew past MEMORY_CAP is dropped after its read. A trap in the pass stops the reader for
// good (`failure`, which the worker reports once to the pool's log).
// Anything else — another shape or key, a BOM, a \uXXXX beyond ASCII (ensure_ascii JSON; decoding
// it as UTF-8 costs more than JSON.parse, json-string-unescape.wat), a control character, an
// escape JSON.parse would refuse — is `undefined`, and the caller parses the whole body with JSON.parse
// as before (json-body-text.ts), so every answer, error or not, stays JSON.parse's
// (test/name-content-body.test.ts compares the two on random bodies, bytes that are not UTF-8 among them).
import { isAscii } from 'node:buffer';
import { instantiateWasm, type WasmMemory, wasmUnavailable } from '../wasm-module.ts';
import { JSON_STRING_UNESCAPE_WASM } from './json-string-unescape-wasm.ts';

export interface NameContent {
  readonly name: unknown;
  readonly content: string;
}

/**
 * One per thread. It keeps a WebAssembly memory of about twice the largest body it has read, up to
 * MEMORY_CAP: an instance whose memory has grown past it is dropped after its read (a new one is
 * made for the next body), so a worker does not keep hundreds of MiB outside its heap limit.
 */
export interface NameContentReader {
  /** The body as JSON.parse would give it, when it has the shape above; otherwise undefined. */
  read(bytes: Uint8Array): NameContent | undefined;
  /** The bytes of WebAssembly memory it keeps now (0 without an instance). */
  readonly memoryBytes: number;
  /** Why no body is read any more (the module does not instantiate, or its pass trapped), or null. */
  readonly failure: string | null;
}

/** The module's exports. */
interface Unescaper {
  readonly memory: WasmMemory;
  readonly written: { readonly value: number };
  readonly unescape: (n: number, out: number) => number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The '"' bytes written after the input, which stop the pass (json-string-unescape.wat). */
const PADDING = 32;
const PAGE = 65_536;
/** The memory above which an instance is dropped after its read (a 1 MiB body needs about 2 MiB). */
export const MEMORY_CAP = 16 * 1024 * 1024;

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index after JSON whitespace from `at`. */
function skipSpace(buf: Buffer, at: number): number {
  while (isSpace(buf[at])) at++;
  return at;
}

/** The index after `token` (with whitespace before it) from `at`, or -1. */
function after(buf: Buffer, at: number, token: string): number {
  const start = skipSpace(buf, at);
  for (let i = 0; i < token.length; i++) if (buf[start + i] !== token.charCodeAt(i)) return -1;
  return start + token.length;
}

/** The index of the quote that closes the string whose body starts at `at`, or -1. */
function closingQuote(buf: Buffer, at: number): number {
  for (let i = at; i < buf.length; i++) {
    if (buf[i] === BACKSLASH) i++;
    else if (buf[i] === QUOTE) return i;
  }
  return -1;
}

/**
 * The index of the quote that closes the content, read from the end: the body must end in '"',
 * whitespace, '}', whitespace, with an even run of '\\' before that quote (an odd one escapes it).
 * -1 when it does not: the body is left to JSON.parse before any memory is grown for it.
 */
function contentEnd(buf: Buffer): number {
  let i = buf.length - 1;
  while (isSpace(buf[i])) i--;
  if (buf[i] !== 0x7d) return -1; // '}'
  i--;
  while (isSpace(buf[i])) i--;
  if (buf[i] !== QUOTE) return -1;
  let slashes = 0;
  while (buf[i - 1 - slashes] === BACKSLASH) slashes++;
  return slashes % 2 === 0 ? i : -1;
}

/** Why the unescaper cannot run on this machine (its module does not validate: no WebAssembly SIMD), or null: for the start-up log. */
export function nameContentReaderUnavailable(moduleBytes?: Uint8Array): string | null {
  return wasmUnavailable(moduleBytes ?? Buffer.from(JSON_STRING_UNESCAPE_WASM, 'base64'), 'the preview body unescaper', 'large preview bodies are read with JSON.parse');
}

/** `moduleBytes`: the unescaper's WebAssembly (the committed build by default; a test passes others). */
export function createNameContentReader(moduleBytes?: Uint8Array): NameContentReader {
  let wasm: Unescaper | undefined; // instantiated at the first body of the shape, dropped when over MEMORY_CAP
  let failure: string | null = null; // once set, every body goes to JSON.parse
  const fail = (what: string, err: unknown) => {
    failure = `the preview body unescaper ${what} (${err instanceof Error ? err.message : String(err)}): large preview bodies are read with JSON.parse`;
    wasm = undefined;
    return undefined;
  };
  return {
    get failure() {
      return failure;
    },
    get memoryBytes() {
      return wasm?.memory.buffer.byteLength ?? 0;
    },
    read(bytes) {
      if (failure !== null) return undefined;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let at = after(buf, 0, '{');
      if (at < 0 || (at = after(buf, at, '"name"')) < 0 || (at = after(buf, at, ':')) < 0 || (at = after(buf, at, '"')) < 0) return undefined;
      const nameStart = at - 1;
      const nameEnd = closingQuote(buf, at);
      if (nameEnd < 0 || (at = after(buf, nameEnd + 1, ',')) < 0 || (at = after(buf, at, '"content"')) < 0 || (at = after(buf, at, ':')) < 0 || (at = after(buf, at, '"')) < 0) return undefined;
      // Nothing but '}' (and whitespace) after the content: checked before any memory is grown.
      const end = contentEnd(buf);
      if (end < at) return undefined;
      const encoding = isAscii(buf) ? 'latin1' : 'utf8'; // the same text for ASCII, at half the cost
      let name: unknown;
      try {
        name = JSON.parse(buf.toString(encoding, nameStart, nameEnd + 1));
      } catch {
        return undefined;
      }
      if (wasm === undefined) {
        try {
          wasm = instantiateWasm(moduleBytes ?? Buffer.from(JSON_STRING_UNESCAPE_WASM, 'base64')) as unknown as Unescaper;
        } catch (err) {
          return fail('cannot run here', err);
        }
      }
      const { memory } = wasm;
      const n = end - at;
      const out = Math.ceil((n + PADDING) / 16) * 16;
      const size = out + n + 16;
      if (memory.buffer.byteLength < size) {
        try {
          memory.grow(Math.ceil((size - memory.buffer.byteLength) / PAGE));
        } catch {
          return undefined; // no memory for it: JSON.parse then, as before
        }
      }
      const mem = Buffer.from(memory.buffer);
      buf.copy(mem, 0, at, end);
      mem.fill(QUOTE, n, n + PADDING);
      let stop: number;
      try {
        stop = wasm.unescape(n, out);
      } catch (err) {
        return fail('trapped', err); // a bug, not the body's fault: its answer is JSON.parse's
      }
      // The pass must stop at the padding: a quote before it ends the content early (another
      // key follows), -1 is an escape or control character left to JSON.parse.
      const content = stop === n ? mem.toString(encoding, out, out + wasm.written.value) : undefined;
      if (memory.buffer.byteLength > MEMORY_CAP) wasm = undefined; // its memory goes with it, to the GC
      return content === undefined ? undefined : { name, content };
    },
  };
}
