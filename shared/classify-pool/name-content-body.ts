// The POST /classify/preview body most clients send, `{"name": "…", "content": "…"}` (these two
// keys in this order, JSON whitespace anywhere between tokens), read without JSON.parse of its
// content: the content's escapes are undone by a WebAssembly pass, 16 bytes at a time
// (json-string-unescape.wat), and the result is decoded as one string — Latin-1 when the body is
// ASCII, UTF-8 otherwise, as json-body-text.ts decodes a whole body. JSON.parse of a 1 MiB content
// with a newline every ~60 bytes costs ~2.5 ms; this ~0.7 ms (with accents, where UTF-8 decoding
// is most of the cost either way, ~6.2 and ~4.3 ms; docs/benchmarks.md, round 7).
// Decoding after unescaping gives what decoding before does: an escape is ASCII and stands for an
// ASCII byte, and a UTF-8 decoder ends any sequence at an ASCII byte, which decodes as itself.
// Anything else — another shape or key, a BOM, a \u escape, a control character, an escape
// JSON.parse would refuse — is `undefined`, and the caller parses the whole body with JSON.parse
// as before (json-body-text.ts), so every answer, error or not, stays JSON.parse's
// (test/name-content-body.test.ts compares the two on random bodies, bytes that are not UTF-8 among them).
import { isAscii } from 'node:buffer';
import { JSON_STRING_UNESCAPE_WASM } from './json-string-unescape-wasm.ts';

export interface NameContent {
  readonly name: unknown;
  readonly content: string;
}

/** One per thread: it keeps a WebAssembly memory of twice the largest body it has read. */
export interface NameContentReader {
  /** The body as JSON.parse would give it, when it has the shape above; otherwise undefined. */
  read(bytes: Uint8Array): NameContent | undefined;
}

/** The module's exports; @types/node 20 does not declare WebAssembly (lib.dom does), so the little used here is typed here. */
interface Unescaper {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly written: { readonly value: number };
  readonly unescape: (n: number, out: number) => number;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The '"' bytes written after the input, which stop the pass (json-string-unescape.wat). */
const PADDING = 32;
const PAGE = 65_536;

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

/** The module's instance, or null where it cannot run (no WebAssembly SIMD): every body then goes to JSON.parse. */
function instantiate(moduleBytes: Uint8Array): Unescaper | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    return new wasm.Instance(new wasm.Module(moduleBytes)).exports as Unescaper;
  } catch {
    return null;
  }
}

/** `moduleBytes`: the unescaper's WebAssembly (the committed build by default; a test passes others). */
export function createNameContentReader(moduleBytes?: Uint8Array): NameContentReader {
  let wasm: Unescaper | null | undefined; // instantiated at the first body of the shape
  return {
    read(bytes) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let at = after(buf, 0, '{');
      if (at < 0 || (at = after(buf, at, '"name"')) < 0 || (at = after(buf, at, ':')) < 0 || (at = after(buf, at, '"')) < 0) return undefined;
      const nameStart = at - 1;
      const nameEnd = closingQuote(buf, at);
      if (nameEnd < 0 || (at = after(buf, nameEnd + 1, ',')) < 0 || (at = after(buf, at, '"content"')) < 0 || (at = after(buf, at, ':')) < 0 || (at = after(buf, at, '"')) < 0) return undefined;
      const encoding = isAscii(buf) ? 'latin1' : 'utf8'; // the same text for ASCII, at half the cost
      if (wasm === undefined) wasm = instantiate(moduleBytes ?? Buffer.from(JSON_STRING_UNESCAPE_WASM, 'base64'));
      if (wasm === null) return undefined;
      const { memory } = wasm;
      let name: unknown;
      try {
        name = JSON.parse(buf.toString(encoding, nameStart, nameEnd + 1));
      } catch {
        return undefined;
      }
      const n = buf.length - at;
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
      buf.copy(mem, 0, at);
      mem.fill(QUOTE, n, n + PADDING);
      const end = wasm.unescape(n, out);
      if (end < 0 || end >= n) return undefined;
      // Nothing but '}' (and whitespace) after the content.
      const close = after(buf, at + end + 1, '}');
      if (close < 0 || skipSpace(buf, close) !== buf.length) return undefined;
      return { name, content: mem.toString(encoding, out, out + wasm.written.value) };
    },
  };
}
