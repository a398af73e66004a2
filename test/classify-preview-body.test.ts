// A large POST /classify/preview body is parsed, checked and classified in a classification worker
// (ClassificationPool.classifyBody): the pool's outcomes for each kind of body, and the API's
// answers, which must be those of a body parsed on the server's thread — POST /classify's, and a
// small body's for errors — including a body that is not JSON answering before the key check.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassificationPool, type PoolPolicy } from '../shared/classify-pool/classification-pool.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { plainBodyLimits } from '../server/http/classify-request-validator.ts';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const MAX_CONTENT = 100_000;
const SENSITIVE = 'Confidential — NDA. Payment to IBAN DE89370400440532013000, card 4111 1111 1111 1111.\n';
/** A content whose body is over PREVIEW_RAW_FROM_BYTES: ASCII only, or with UTF-8 beyond Latin-1. */
const content = (ascii: boolean) => `${SENSITIVE}${'Quarterly notes, nothing to report.\n'.repeat(2_000)}${ascii ? 'end' : 'fin — déjà vu, 東京'}`;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
/**
 * JSON bodies nested deeper than structured clone can carry (JSON.parse does not recurse; clone
 * does): a clone of the parsed body at 8,000 levels could not be read on the server's thread, at
 * 200,000 not even sent by the worker. Padded with whitespace past PREVIEW_RAW_FROM_BYTES.
 */
const DEEP_BODIES = [8_000, 200_000].flatMap((depth) => {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return [nested, `{"name": "deep.txt", "content": ${nested}}`].map((body) => body.padEnd(PREVIEW_RAW_FROM_BYTES, ' '));
});
/** The bytes a worker gave back, as text. */
const text = (outcome: { kind: string; bytes?: ArrayBuffer }) => (outcome.bytes ? Buffer.from(outcome.bytes).toString() : undefined);

describe('ClassificationPool.classifyBody', () => {
  const pool = createClassificationPool({ workers: 1, budgetMsPerMb: 10_000, minBudgetMs: 5_000, logger: pino({ level: 'silent' }) });
  afterAll(() => pool.close());
  const rules = defaultRules();
  const compiled = compilePolicy(DEFAULT_LABELS, rules);
  const policy: PoolPolicy = { key: 'catalogue', definitions: { labels: DEFAULT_LABELS, rules, exclusions: EMPTY_EXCLUSIONS }, ruleNames: compiled.rules.map((r) => r.name) };
  const limits = plainBodyLimits(MAX_CONTENT);

  it('classifies a plain body as classify() does, and gives its fields back without the content', async () => {
    for (const ascii of [true, false]) {
      const text = content(ascii);
      const out = await pool.classifyBody(policy, { bytes: bytes({ name: 'a.txt', asset_type: 'document', content: text }), limits });
      // Three keys: not the shape name-content-body.ts reads, so parsed whole.
      expect(out).toEqual({ kind: 'plain', request: { name: 'a.txt', asset_type: 'document', source: 'api' }, result: classify(compiled, { name: 'a.txt', asset_type: 'document', content: text }), reader: 'parse' });
      if (out.kind === 'plain') expect(out.result!.findings.length).toBeGreaterThan(0);
    }
    // With a BOM, and from a Buffer that is a view into a larger one (copied out, not handed over).
    const framed = Buffer.concat([Buffer.from('xx'), Buffer.from([0xef, 0xbb, 0xbf]), bytes({ name: 'b.txt', content: 'déjà vu' })]).subarray(2);
    expect(await pool.classifyBody(policy, { bytes: framed, limits })).toMatchObject({ kind: 'plain', request: { name: 'b.txt', source: 'api' } });
  });

  it('answers a body that is not JSON, one that is not plain, and an unreadable one without classifying', async () => {
    expect(await pool.classifyBody(policy, { bytes: Buffer.from('{"name": "a.txt", "content": "x'), limits })).toMatchObject({ kind: 'invalid', message: expect.any(String) });
    // Not plain: the bytes come back, for the schema.
    const unusual = [{ name: 'a.txt', content: 'x', extra: 1 }, { name: 'a.txt', content: 'x'.repeat(MAX_CONTENT + 1) }, { content: 'x' }, [1, 2], { name: 'a.txt', members: [] }];
    for (const body of [...unusual.map((b) => JSON.stringify(b)), '', ...DEEP_BODIES]) {
      const out = await pool.classifyBody(policy, { bytes: Buffer.from(body), limits });
      expect({ kind: out.kind, text: text(out) }).toEqual({ kind: 'unusual', text: body });
    }
    expect(await pool.classifyBody(policy, { bytes: bytes({ name: 'a.txt', content: SENSITIVE, unreadable: 'encrypted: password' }), limits })).toEqual({
      kind: 'plain',
      request: { name: 'a.txt', source: 'api', unreadable: 'encrypted: password' },
      result: null,
      reader: 'parse',
    });
  });

  it("fails a body job whose policy its worker cannot compile, also when the worker answers `missing` and hands the bytes back, and stays whole", async () => {
    // The server compiles every policy before it reaches the pool, so no request gets here: a
    // policy that compiles on one thread and not on another would. The pool remembers the key as
    // sent, so the second job goes without the definitions; the worker answers `missing` with the
    // body's bytes, and the pool sends them again with the definitions, which fail again. That
    // the bytes sent again are the body's cannot be seen from here (the job fails either way),
    // and no input reaches `missing` with a policy that compiles: the worker keeps 64 policies,
    // the pool counts on 32 (classification-pool.ts, KNOWN_KEYS).
    const broken: PoolPolicy = { key: 'broken', definitions: { ...policy.definitions, rules: rules.map((r, i) => (i === 0 ? { ...r, label: 'no such label' } : r)) }, ruleNames: [] };
    for (let i = 0; i < 2; i++) {
      const failed = await pool.classifyBody(broken, { bytes: bytes({ name: 'a.txt', content: SENSITIVE }), limits }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failed, String(i)).toBeInstanceOf(Error);
      expect((failed as Error).message, String(i)).toContain('no such label');
    }
    expect(await pool.classifyBody(policy, { bytes: bytes({ name: 'a.txt', content: SENSITIVE }), limits })).toMatchObject({ kind: 'plain', request: { name: 'a.txt' } });
  });
});

describe('POST /api/v1/classify/preview with a large body', () => {
  let t: TestServer;
  let key: string;
  const preview = () => `${t.api}/classify/preview`;
  const JSON_TYPE = { 'Content-Type': 'application/json' };
  beforeAll(async () => {
    t = await startTestServer({ limits: { content_chars: MAX_CONTENT } });
    key = await t.workspaceWithKey('acme');
  });
  afterAll(() => t.close());

  it('is large enough to be parsed in the worker', () => {
    for (const ascii of [true, false]) expect(bytes({ name: 'big.txt', content: content(ascii) }).length).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
  });

  it('answers as POST /classify does for the same body', async () => {
    for (const [i, ascii] of [true, false].entries()) {
      const body = { name: `big-${i}.txt`, asset_type: 'document', content: content(ascii) };
      const p = await call(preview(), { key, json: body });
      expect(p.status).toBe(200);
      expect(p.text).not.toContain('370400440532013000');
      const stored = (await call(`${t.api}/classify`, { key, json: body })).body as Record<string, unknown>;
      const answer = p.body as Record<string, unknown>;
      for (const field of ['name', 'asset_type', 'label', 'matched_rules', 'findings']) expect(answer[field], field).toEqual(stored[field]);
      expect(answer.matched_rules).not.toBe('');
    }
    // An unknown field is ignored (SPEC §3), through the schema; so is an own `__proto__` key,
    // which must reach the schema as the own property JSON.parse made, not as a prototype.
    const body = { name: 'big-0.txt', asset_type: 'document', content: content(true) };
    const plain = (await call(preview(), { key, json: body })).body;
    expect((await call(preview(), { key, json: { ...body, extra: [1] } })).body).toEqual(plain);
    const withProto = `{"__proto__": {"source": "manual", "name": ""}, ${JSON.stringify(body).slice(1)}`;
    const r = await call(preview(), { key, body: withProto, headers: { 'Content-Type': 'application/json' } });
    expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: plain });
  });

  it('answers the usual {"name", "content"} body (read without JSON.parse of its content) and its near kinds as POST /classify does', async () => {
    const base = content(true).replace('—', '-'); // ASCII only, as the fast read requires
    expect(Buffer.byteLength(base)).toBe(base.length);
    const escaped = `${base}\t"quoted" back\\slash /path\r\n\b\f`;
    const plainText = (c: string) => JSON.stringify({ name: 'big.txt', content: c });
    /** A body whose content starts with these bytes, then `base`. */
    const startingWith = (head: number[]) => Buffer.concat([Buffer.from('{"name":"big.txt","content":"'), Buffer.from(head), Buffer.from(JSON.stringify(base).slice(1)), Buffer.from('}')]);
    // Each body, and how the worker reads it: 'fast' (name-content-body.ts), 'parse' (JSON.parse of
    // the whole body), or the outcome's kind when the body is not plain.
    const bodies: [string | Buffer, string][] = [
      [plainText(base), 'fast'],
      [plainText(escaped), 'fast'],
      // JSON whitespace between the tokens.
      [` {\n  "name" : "big.txt" ,\t"content" :\r\n${JSON.stringify(escaped)} }\n`, 'fast'],
      // \u in the name (which is always parsed by JSON.parse alone); in the content, which the
      // WebAssembly pass reads within ASCII (Go's <>&) and leaves to JSON.parse beyond it
      // (ensure_ascii), surrogates paired or lone included.
      [`{"name":"na\\u00efve \\"q\\".txt","content":${JSON.stringify(base)}}`, 'fast'],
      [`{"name": "big.txt", "content": "\\u0041 \\u003cb\\u003E \\u0026${JSON.stringify(base).slice(1)}}`, 'fast'],
      [`{"name": "big.txt", "content": "\\u003c d\\u00e9j\\u00e0 \\u6771\\u4EAC${JSON.stringify(base).slice(1)}}`, 'parse'],
      [`{"name":"big.txt","content":"\\ud83d\\ude00 \\udc00${JSON.stringify(base).slice(1)}}`, 'parse'],
      // Not ASCII: UTF-8, a BOM, bytes that are not UTF-8 (0xff 0xfe; a cut sequence before an escape).
      [plainText(content(false)), 'fast'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plainText(base))]), 'parse'],
      [startingWith([0xff, 0xfe]), 'fast'],
      [startingWith([0xe2, 0x82, 0x5c, 0x6e, 0xe2, 0x82]), 'fast'],
      // Duplicate keys (JSON.parse keeps the last), another order, another key, a nested content.
      [`{"name":"big.txt","content":${JSON.stringify(base)},"content":"second"}`, 'parse'],
      [`{"content":${JSON.stringify(base)},"name":"big.txt"}`, 'parse'],
      [`{"name":"big.txt","content":${JSON.stringify(base)},"source":"manual"}`, 'unusual'],
      [`{"name":"big.txt","content":{"text":${JSON.stringify(base)}}}`, 'unusual'],
      // Not JSON: trailing bytes, a raw control character, an invalid escape, unterminated.
      [`${plainText(base)}x`, 'invalid'],
      [`{"name":"big.txt","content":"\u0001${JSON.stringify(base).slice(1)}}`, 'invalid'],
      [`{"name":"big.txt","content":"\\x${JSON.stringify(base).slice(1)}}`, 'invalid'],
      [plainText(base).slice(0, -2), 'invalid'],
    ];
    const send = async (url: string, body: string | Buffer) => {
      const res = await fetch(url, { method: 'POST', headers: { ...JSON_TYPE, 'X-API-Key': key }, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // The API does not say how it read a body: the same bytes go through a pool of the same
    // workers, whose outcome does, so that a fast path that is never taken fails here.
    const pool = createClassificationPool({ workers: 1, budgetMsPerMb: 10_000, minBudgetMs: 5_000, logger: pino({ level: 'silent' }) });
    const rules = defaultRules();
    const policy: PoolPolicy = { key: 'catalogue', definitions: { labels: DEFAULT_LABELS, rules, exclusions: EMPTY_EXCLUSIONS }, ruleNames: [] };
    const statuses: number[] = [];
    try {
      for (const [i, [body, reader]] of bodies.entries()) {
        expect(Buffer.byteLength(body), String(i)).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
        const outcome = await pool.classifyBody(policy, { bytes: Buffer.from(body), limits: plainBodyLimits(MAX_CONTENT) });
        expect(outcome.kind === 'plain' ? outcome.reader : outcome.kind, `${i}: how it was read`).toBe(reader);
        const p = await send(preview(), body);
        const stored = await send(`${t.api}/classify`, body);
        statuses.push(p.status);
        if (p.status === 200) {
          expect(stored.status, String(i)).toBe(201);
          for (const field of ['name', 'asset_type', 'label', 'matched_rules', 'findings']) expect(p.body[field], `${i} ${field}`).toEqual(stored.body[field]);
        } else expect(p, String(i)).toEqual(stored);
      }
    } finally {
      await pool.close();
    }
    // The fourteenth claims a source a client may not (422, the schema's); the last four are not JSON (422, SPEC §2).
    expect(statuses).toEqual([...Array<number>(13).fill(200), 422, 422, 422, 422, 422, 422]);
  });

  it('answers a body that is not JSON as a small one, before the key is checked', async () => {
    const broken = `{"name": "big.txt", "content": "${'x'.repeat(PREVIEW_RAW_FROM_BYTES)}`;
    const expected = await call(preview(), { key, body: '{"name": "x', headers: JSON_TYPE });
    expect(expected.status).toBe(422);
    for (const presented of [key, 'chk_notakeyatall', undefined]) {
      const r = await call(preview(), { key: presented, body: broken, headers: JSON_TYPE });
      expect({ status: r.status, body: r.body }, String(presented)).toEqual({ status: expected.status, body: expected.body });
    }
    // A JSON body with a bad key: the key's answer.
    const big = { name: 'big.txt', content: content(true) };
    for (const presented of ['chk_notakeyatall', undefined]) {
      const r = await call(preview(), { key: presented, json: big });
      const small = await call(preview(), { key: presented, json: { name: 'x' } });
      expect({ status: r.status, body: r.body }).toEqual({ status: small.status, body: small.body });
      expect(r.status).toBe(401);
    }
  });

  it('validates a body that is not plain with the schema, as POST /classify does', async () => {
    const text = content(true);
    const bodies = [
      { name: 'big.txt', content: `${text}${'x'.repeat(MAX_CONTENT - text.length + 1)}` },
      { content: text },
      { name: '', content: text, source: 'manual' },
      { name: 'big.txt', content: text, members: [{ member: 'a.txt', offset: text.length + 1 }] },
      [text],
    ];
    for (const body of bodies) {
      const r = await call(preview(), { key, json: body });
      const stored = await call(`${t.api}/classify`, { key, json: body });
      expect(r.status).toBe(422);
      expect(r.body).toEqual(stored.body);
    }
    // Valid `members`: each sample names its member, as POST /classify's do.
    const withMembers = { name: 'big.zip', content: `${'padding\n'.repeat(9_000)}${SENSITIVE}`, members: [{ member: 'a.txt', offset: 0 }, { member: 'b.txt', offset: 72_000 }] };
    const r = await call(preview(), { key, json: withMembers });
    const stored = (await call(`${t.api}/classify`, { key, json: withMembers })).body as { findings: unknown };
    expect(r.status).toBe(200);
    expect((r.body as { findings: unknown }).findings).toEqual(stored.findings);
    expect(JSON.stringify(stored.findings)).toContain('b.txt');
  });

  it('validates a deeply nested body with the schema, as POST /classify does', async () => {
    for (const body of DEEP_BODIES) {
      expect(body.length).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
      const r = await call(preview(), { key, body, headers: JSON_TYPE });
      const stored = await call(`${t.api}/classify`, { key, body, headers: JSON_TYPE });
      expect({ status: r.status, body: r.body }).toEqual({ status: stored.status, body: stored.body });
      expect(r.status).toBe(422);
      expect((r.body as { detail: { type: string }[] }).detail.map((d) => d.type)).toEqual([body.startsWith('[') ? 'model_attributes_type' : 'string_type']);
    }
    // The pool is still whole: a plain body is classified.
    expect((await call(preview(), { key, json: { name: 'big.txt', content: content(true) } })).status).toBe(200);
  });

  it('gives an unreadable body the unreadable label, as POST /classify does', async () => {
    const body = { name: 'locked.pdf', content: content(true), unreadable: 'encrypted: password-protected' };
    const r = await call(preview(), { key, json: body });
    const stored = (await call(`${t.api}/classify`, { key, json: body })).body as Record<string, unknown>;
    expect(r.status).toBe(200);
    expect((r.body as Record<string, unknown>).label).toEqual(stored.label);
    expect((r.body as Record<string, unknown>).findings).toEqual([]);
  });
});
