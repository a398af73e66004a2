// The fast read of a `{"name": …, "content": …}` body (shared/classify-pool/name-content-body.ts,
// a WebAssembly unescaper) against the whole-body parse it stands in for (parseJsonBytes: decoding
// and JSON.parse), its oracle: on any body it gives that value or nothing (the caller then parses
// the body as before), never another value, and never a value where the parse throws. The bodies
// are random: every escape, \u, control characters, quotes and backslashes at 16-byte block
// edges, UTF-8 and bytes that are not UTF-8, whitespace, other keys and orders, duplicate keys,
// trailing bytes.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleWat, UNESCAPE_TARGET } from '../bin/build-wasm.ts';
import { parseJsonBytes } from '../shared/classify-pool/json-body-text.ts';
import { createNameContentReader, MEMORY_CAP, nameContentReaderUnavailable } from '../shared/classify-pool/name-content-body.ts';

const WAT = readFileSync(UNESCAPE_TARGET.source, 'utf8');

/** The unescaper assembled from its .wat with `from` replaced by `to` (once, required present). */
async function variant(from: string, to: string): Promise<Uint8Array> {
  expect(WAT).toContain(from);
  return assembleWat('json-string-unescape.wat', WAT.replace(from, to));
}

/** The whole-body parse's value, or 'throws'. */
function oracle(body: Buffer): unknown {
  try {
    return parseJsonBytes(body);
  } catch {
    return 'throws';
  }
}

/** Characters that stand for bytes that are not UTF-8 (a lone lead byte, a cut sequence, a lone continuation byte, 0xff). */
const NOT_UTF8: Readonly<Record<string, readonly number[]>> = { '\ue000': [0xc3], '\ue001': [0xe2, 0x82], '\ue002': [0x80], '\ue003': [0xff] };
/** The body's bytes: UTF-8, with the NOT_UTF8 characters as their bytes. */
const bytesOf = (body: string) => Buffer.concat(body.split(/([\ue000-\ue003])/).map((part) => Buffer.from(NOT_UTF8[part] ?? Buffer.from(part))));

const text = fc.string({ unit: fc.constantFrom(...'abcxyz 019.,:{}[]~\x7f'), maxLength: 40 });
const escape = fc.oneof(
  fc.constantFrom('\\n', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\r', '\\t', '\\u0041', '\\u003c', '\\u003E', '\\u0026', '\\u0000', '\\u001F', '\\u007f'),
  // Any \u00XX within ASCII, in either case.
  fc.integer({ min: 0, max: 0x7f }).chain((u) => fc.constantFrom(`\\u${u.toString(16).padStart(4, '0')}`, `\\u${u.toString(16).toUpperCase().padStart(4, '0')}`)),
);
/** What JSON.parse refuses in a string, or what the fast path leaves to it (\u beyond ASCII, surrogates paired or lone). */
const odd = fc.oneof(
  fc.constantFrom('\\u0080', '\\u00e9', '\\u00E9', '\\u20ac', '\\uFFFF', '\\ud83d\\ude00', '\\uD83D\\uDE00', '\\ud83d', '\\udc00', '\\x', '\\u12', '\\u12g4', '\\u-123', '\\', '"', '\n', '\t', '\x00', '\x1f', '\ud83d', ...Object.keys(NOT_UTF8)),
  fc.integer({ min: 0x80, max: 0xffff }).map((u) => `\\u${u.toString(16).padStart(4, '0')}`),
);
/** Text beyond ASCII, which is read (UTF-8). */
const wide = fc.constantFrom('é', '東京', '—', '\u{1f600}', '\u00a0');
/** A JSON string's body: text and escapes, and sometimes an odd piece. */
const stringBody = (withOdd: boolean) =>
  fc.array(withOdd ? fc.oneof({ weight: 6, arbitrary: text }, { weight: 4, arbitrary: escape }, { weight: 1, arbitrary: wide }, { weight: 1, arbitrary: odd }) : fc.oneof({ weight: 6, arbitrary: text }, { weight: 4, arbitrary: escape }, { weight: 1, arbitrary: wide }), { maxLength: 30 }).map((parts) => parts.join(''));
const jsonSpace = fc.constantFrom('', '', '', ' ', '\n', '\t ', '\r\n  ');
const otherSpace = fc.constantFrom('\u00a0', '\f', '\v');
/** A body of the shape (`near`: false), or of a nearby one. */
const body = (near: boolean) =>
  fc
    .record({
      spaces: fc.array(near ? fc.oneof({ weight: 8, arbitrary: jsonSpace }, { weight: 1, arbitrary: otherSpace }) : jsonSpace, { minLength: 10, maxLength: 10 }),
      name: stringBody(near),
      content: stringBody(near),
      keys: near ? fc.constantFrom(['name', 'content'], ['content', 'name'], ['name', 'name'], ['name', 'contents'], ['Name', 'content']) : fc.constant(['name', 'content']),
      tail: near ? fc.constantFrom('', '', ',"content":"x"', ',"asset_type":null', '}', 'x', ',', ']') : fc.constant(''),
    })
    .map(({ spaces: s, name, content, keys, tail }) => `${s[0]}{${s[1]}"${keys[0]}"${s[2]}:${s[3]}"${name}"${s[4]},${s[5]}"${keys[1]}"${s[6]}:${s[7]}"${content}"${tail}${s[8]}}${s[9]}`);

describe('name-content-body', () => {
  it("gives JSON.parse's value or nothing, on random bodies", () => {
    const reader = createNameContentReader();
    let read = 0;
    fc.assert(
      fc.property(fc.boolean().chain((near) => body(near).map((json) => ({ near, json }))), ({ near, json }) => {
        const bytes = bytesOf(json);
        const out = reader.read(bytes);
        // A body of the shape is always read: escapes, UTF-8 and whitespace included.
        if (!near) expect(out, json).toBeDefined();
        if (out === undefined) return;
        read++;
        expect(out).toEqual(oracle(bytes));
        expect(Object.keys(out)).toEqual(['name', 'content']);
      }),
      { numRuns: 3_000, seed: 7 },
    );
    // The fast path is taken for a good share of them, not bypassed altogether.
    expect(read).toBeGreaterThan(1_000);
  });

  it('reads a large body of the usual kind, growing its memory, then a small one', () => {
    const reader = createNameContentReader();
    const line = 'Quarterly notes: "net" \\ path/to\tfile, nothing to report.\r\n';
    for (const content of [line.repeat(20_000), `${line.repeat(3)}end`, '', '"', '\\']) {
      const out = reader.read(Buffer.from(JSON.stringify({ name: 'big.txt', content })));
      expect(out?.name).toBe('big.txt');
      expect(out?.content === content, `${content.length} characters`).toBe(true); // not toEqual: its diff of 1 MiB takes minutes
    }
  });

  it('leaves to JSON.parse what it does not read, at every position of a 16-byte block', () => {
    const reader = createNameContentReader();
    for (let at = 0; at < 40; at++) {
      const prefix = 'a'.repeat(at);
      for (const inner of ['\\u00e9', '\\u0080', '\\ud83d\\ude00', '\\udfff', '\\u12', '\\x', '\x01', '\x1f', '"', '\\']) expect(reader.read(Buffer.from(`{"name":"n","content":"${prefix}${inner}z"}`)), `${at} ${inner}`).toBeUndefined();
      for (const [inner, read] of [['\\n', '\n'], ['é\\"', 'é"'], ['\x7f', '\x7f'], ['\\u0041', 'A'], ['\\u003C\\u0026', '<&'], ['é\\u0000', 'é\0']]) expect(reader.read(Buffer.from(`{"name":"n","content":"${prefix}${inner}"}`))).toEqual({ name: 'n', content: `${prefix}${read}` });
    }
    // Unterminated, and a BOM or nothing at all.
    for (const text of ['{"name":"n","content":"abc', '{"name":"n","content":"abc\\', '\ufeff{"name":"n","content":"x"}', '', '{}']) expect(reader.read(Buffer.from(text)), text).toBeUndefined();
  });

  it('reads UTF-8, and bytes that are not UTF-8 beside escapes, as the whole-body decoding does', () => {
    const reader = createNameContentReader();
    for (const inner of ['é\\n東', '\ue000\\n', '\\n\ue001', '\ue001\\"\ue002', '\ue003\ue000', '\u{1f600}\\t', '\ue001\\u003c\ue002', '\ue000\\u0026', '\\u007f\ue002\ue002', '\ue001\\u0041']) {
      const bytes = bytesOf(`{"name":"n\ue000","content":"${inner}"}`);
      const out = reader.read(bytes);
      expect(out, inner).toBeDefined();
      expect(out, inner).toEqual(oracle(bytes));
    }
  });

  it('reads nothing where its WebAssembly cannot run, and says why', () => {
    const broken = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]);
    expect(nameContentReaderUnavailable()).toBeNull();
    expect(nameContentReaderUnavailable(broken)).toMatch(/does not validate here .*JSON\.parse/);
    const reader = createNameContentReader(broken);
    expect(reader.failure).toBeNull();
    expect(reader.read(Buffer.from('{"name":"n","content":"x"}'))).toBeUndefined();
    expect(reader.failure).toMatch(/cannot run here .*JSON\.parse/);
  });

  it('checks the tail before it grows its memory', () => {
    const reader = createNameContentReader();
    const big = 'x'.repeat(1 << 20);
    // A tail that is not '"}' (another key whose value is not a string), an escaped last quote,
    // bytes after '}', ']': no instance, no memory. (A body that ends in another string field does
    // end in '"}': its content's end is found by the pass, after growing; MEMORY_CAP bounds that.)
    for (const text of [`{"name":"n","content":"${big}","asset_type":null}`, `{"name":"n","content":"${big}\\\"}`, `{"name":"n","content":"${big}"} x`, `{"name":"n","content":"${big}"]`]) {
      expect(reader.read(Buffer.from(text)), text.slice(-20)).toBeUndefined();
      expect(reader.memoryBytes, text.slice(-20)).toBe(0);
    }
    // An even run of backslashes before the quote ends the content.
    expect(reader.read(Buffer.from(`{"name":"n","content":"${big}\\\\" }\n`))).toEqual({ name: 'n', content: `${big}\\` });
    expect(reader.memoryBytes).toBeGreaterThan(2 << 20);
  });

  it('drops its memory after a read that grew it past the cap, and makes another for the next body', () => {
    const reader = createNameContentReader();
    const huge = 'y'.repeat(MEMORY_CAP / 2 + 1);
    const out = reader.read(Buffer.from(JSON.stringify({ name: 'huge.txt', content: huge })));
    expect(out?.content === huge).toBe(true);
    expect(reader.memoryBytes).toBe(0);
    expect(reader.read(Buffer.from('{"name":"n","content":"small"}'))).toEqual({ name: 'n', content: 'small' });
    expect(reader.memoryBytes).toBeGreaterThan(0);
    expect(reader.memoryBytes).toBeLessThanOrEqual(MEMORY_CAP);
  });

  it('leaves a body to JSON.parse when its memory cannot grow', async () => {
    const reader = createNameContentReader(await variant('(memory (export "memory") 1)', '(memory (export "memory") 1 1)'));
    expect(reader.read(Buffer.from(JSON.stringify({ name: 'n', content: 'z'.repeat(40_000) })))).toBeUndefined();
    expect(reader.read(Buffer.from('{"name":"n","content":"fits"}'))).toEqual({ name: 'n', content: 'fits' });
    expect(reader.failure).toBeNull();
  });

  it('stops reading, and says why, when its pass traps', async () => {
    const reader = createNameContentReader(await variant('(local.set $o (local.get $out))', '(local.set $o (local.get $out)) (unreachable)'));
    for (const text of ['{"name":"n","content":"x"}', '{"name":"n","content":"y"}']) expect(reader.read(Buffer.from(text))).toBeUndefined();
    expect(reader.failure).toMatch(/trapped .*unreachable.*JSON\.parse/);
    expect(reader.memoryBytes).toBe(0);
  });
});
