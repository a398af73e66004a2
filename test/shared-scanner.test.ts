// The WebAssembly scanner (shared/engine/scanner) against the JavaScript scans it replaces, which
// stay as the oracle: the starter regex (keywordScan), /[0-9]+/ and the runs of [A-Za-z0-9_];
// and the engine's results with and without it. Chunks as small as one code unit cross every
// boundary the default 64 Ki chunks would.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleScanner, SCANNER_SOURCE, scannerModuleText } from '../bin/build-scanner.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { createScanHost, scannerUnavailable } from '../shared/engine/scanner/scan-host.ts';
import { createSharedScanner } from '../shared/engine/scanner/shared-scanner.ts';
import { SHARED_SCAN_WASM } from '../shared/engine/scanner/shared-scan-wasm.ts';
import { keywordScan } from '../shared/engine/starters.ts';

const MODULE_TEXT = readFileSync(new URL('../shared/engine/scanner/shared-scan-wasm.ts', import.meta.url), 'utf8');

/** What the regex and plain scans find in `text`: (position, starter index) pairs, digit runs [start, end), word runs [start, length]. */
function oracle(starters: readonly string[], text: string, shortest: number, literals: readonly string[] = []) {
  const hits: number[] = [];
  const scan = keywordScan(starters);
  if (scan) {
    let m: RegExpExecArray | null;
    while ((m = scan.exec(text)) !== null) {
      hits.push(m.index, starters.indexOf(m[0]));
      scan.lastIndex = m.index + 1;
    }
  }
  const digitRuns = [...text.matchAll(/[0-9]+/g)].flatMap((m) => [m.index, m.index + m[0].length]);
  const wordRuns = [...text.matchAll(/[A-Za-z0-9_]+/g)].filter((m) => m[0].length >= shortest).flatMap((m) => [m.index, m[0].length]);
  const literalsFound = literals.reduce((bits, l, i) => (text.includes(l) ? bits | (1 << i) : bits), 0);
  return { hits, digitRuns, wordRuns: Number.isFinite(shortest) ? wordRuns : null, literalsFound };
}

function scanned(scanner: ReturnType<typeof createSharedScanner>, text: string) {
  const r = scanner!.scan(text)!;
  return { hits: [...r.hits], digitRuns: [...r.digitRuns], wordRuns: r.wordRuns && [...r.wordRuns], literalsFound: r.literalsFound };
}

/** The text as lowerOf lower-cases it (content-scan.ts), which the scanner does as it reads. */
const lowered = (text: string) => text.toLowerCase().replaceAll('ſ', 's');

/** The scanner's results for `raw` (without İ, which it must not be given) and for its lower-cased copy: both those of the oracle over the copy; `folded` where ſ or the Kelvin sign became a word character. */
function expectScansOf(scanner: ReturnType<typeof createSharedScanner>, starters: readonly string[], raw: string): void {
  const text = raw.replaceAll('\u0130', '');
  const expected = oracle(starters, lowered(text), scanner!.shortestWordRun, scanner!.literals);
  expect(scanned(scanner, text), JSON.stringify(text)).toEqual(expected);
  expect(scanned(scanner, lowered(text)), JSON.stringify(lowered(text))).toEqual(expected);
  expect(scanner!.scan(text)!.folded, JSON.stringify(text)).toBe(/[ſ\u212a]/.test(text));
}

const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
const catalogueStarters = policy.starters;
/** Starters that do not all begin with a word character: found at every position, not only after `\b`. */
const otherStarters = ['-----', ' ssn', 'a', 'ab', 'abcde', 'é', 'éa', '_x', '9'];
/** The catalogue's literals on the lower-cased copy (case-insensitive ones, then the lower-cased forms of the case-sensitive ones). */
const catalogueLiterals = policy.scanner!.literals;
/** Sixteen literals (both sets of buckets), with units that share nibbles with each other and with the pieces. */
const otherLiterals = ['ab', '--', 'x_y_z', ' s', 'pa', '\x7f\x01', 'secrets', 'vp', 'aa', 'ba', '-a', 'sec', 'x_', 'gl', 'pb', '://'];

/** Text pieces: starters and their cut or extended forms, case, ASCII and non-ASCII word edges, İ ſ K and the Kelvin sign, lone and paired surrogates, the edges of lower-casing. */
const pieces = [
  ...catalogueStarters.slice(0, 60),
  ...otherStarters,
  'confidential', 'CONFIDENTIAL', 'xssn', 'ssn', 'pass', 'passport', 'iban', 'teléfono', 'abcabcabcabcabcabc', '0123456789012345', 'abcdefghijklmno', 'x_y_z_0_1_2_3_4_', 'secret', 'secre', 'passw', 'pwd', 'pw', 'value', 'valu', '</', '<', 'pa', 'vp', '\x7f\x01', '\x7f', '4111 1111 1111 1111',
  '-----begin ', '-----begi', 'gl', 'g', 'gr1348941', 'gr134894', 'hooks.slack.com/', 'hooks.slack.com', 'aiza', 'aiz', '.eyj', '.ey', '://', ':/', 'aa', 'ba', '-a', 'sec', 'x_',
  ' ', '  ', '\n', '-', '_', '.', ':', 'a', 'Z', '7', 'é', 'É', 'ß', 'İ', 'ſ', 'K', '\u212a', '\u00ff', '\u0100', '😀', '\ud800', '\udc00', '\u2028',
  // Where the scanner's lower-casing has edges: À Þ × @ [ ` { around the ranges, and the units above 255 that lower-case below 256 (Ÿ ẞ Å).
  'À', 'Þ', '×', '÷', '@', '[', '`', '{', 'Ÿ', 'ẞ', '\u212b', 'Ā', 'PASSW', 'SECRET', 'CONFI', 'TELÉFONO',
];
/** Sentences for the engine's rules, and the pieces. */
const SENTENCES = ['Confidential: SSN 123-45-6789', 'IBAN DE89 3704 0044 0532 0130 00', 'card number 4111 1111 1111 1111', 'teléfono +34 612 345 678', 'password=hunter2secret', 'AKIAIOSFODNN7EXAMPLE', 'RSSN0123456789ABCDEF', 'date of birth 1980-01-01', 'ſsn 078-05-1120', '\u212aonfidential', 'İban', 'client_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'PASSWD: hunter2hunter2', '<add key="pwd" value="S3cr3t!pass" />', '<password>S3cr3t!pass</password>',
  // The case-sensitive literals, as the credentials have them and in other cases (found in the lower-cased copy, not in the text).
  '-----BEGIN RSA PRIVATE KEY-----', '-----begin rsa private key-----', 'glpat-Y2beueULvnAzorqzIZwJ', 'GLPAT-Y2BEUEULVNAZORQZIZWJ', 'GR1348941Y2beueULvnAzorqzIZwJ', 'gr1348941y2beueulvnazorqzizwj',
  'https://hooks.slack.com/services/T0DCUJB1Q/B0DD08H5G/XXXXXXXXXXXXXXXXXXXXXXXX', 'HTTPS://HOOKS.SLACK.COM/SERVICES/T0DCUJB1Q/B0DD08H5G/XXXXXXXXXXXXXXXXXXXXXXXX', 'AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'aizasyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSJ9.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk', 'eyJhbGciOiJIUzI1NiJ9.EYJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSJ9.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk', 'postgres://app:Vq7zK2mPw9@db.internal', 'POSTGRES:/\u212a/app:Vq7zK2mPw9@db.internal',
  ...pieces];
const textOf = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), { maxLength: 60 }).map((parts) => parts.join(''));

describe('the shared scanner', () => {
  it('is built from its source: assembling shared-scan.wat again gives the committed bytes', async () => {
    const bytes = await assembleScanner(readFileSync(SCANNER_SOURCE, 'utf8'));
    expect(Buffer.from(bytes).toString('base64')).toBe(SHARED_SCAN_WASM);
    expect(scannerModuleText(bytes)).toBe(MODULE_TEXT);
  });

  it('finds what the regex, plain scans and includes find in the lower-cased text, for the catalogue’s starters (after `\\b` only) and literals, any chunk size, given the text or its lower-cased copy', () => {
    // Word runs from 16 units on take the scanner's block path (the catalogue's), shorter ones its per-edge path.
    // All share one host: each scan loads another scanner's tables and layout.
    const host = createScanHost();
    const scanners = [1, 2, 3, 7, 17, 64].flatMap((chunk) => [createSharedScanner(catalogueStarters, 12, { chunk, literals: catalogueLiterals, host })!, createSharedScanner(catalogueStarters, 16, { chunk, literals: catalogueLiterals, host })!]);
    fc.assert(
      fc.property(textOf, (raw) => {
        for (const s of scanners) expectScansOf(s, catalogueStarters, raw);
      }),
      { numRuns: 1500, seed: 61 },
    );
  }, 240_000); // 36,000 scans (the text and its lower-cased copy) and their oracle's regex: about 30 s, up to 80 s on a loaded host

  it('finds what the regex finds for starters that need no `\\b` (at every position), with or without word runs and literals', () => {
    const host = createScanHost();
    const scanners = [1, 4, 64].flatMap((chunk) => [createSharedScanner(otherStarters, 3, { chunk, literals: otherLiterals, host })!, createSharedScanner(otherStarters, Infinity, { chunk, host })!]);
    fc.assert(
      fc.property(textOf, (text) => {
        for (const s of scanners) expectScansOf(s, otherStarters, text);
      }),
      { numRuns: 1500, seed: 67 },
    );
  });

  it('lower-cases every unit as lowerOf does where the lower case is below 256: one starter per Latin-1 unit, over every unit but İ', () => {
    const latin1 = Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1));
    const units = Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => c !== 0 && c !== 0x130);
    const text = String.fromCharCode(...units);
    const expected = lowered(text).split('').flatMap((u, i) => (u.charCodeAt(0) < 256 ? [i, u.charCodeAt(0) - 1] : []));
    for (const chunk of [7, 4096]) expect(scanned(createSharedScanner(latin1, Infinity, { chunk }), text).hits).toEqual(expected);
  });

  it('lower-cases the chunk’s lookahead too: two-unit starters q + each Latin-1 unit, over q + every unit but İ, with the second unit past the chunk’s end', () => {
    // A starter that begins in the chunk is read on into the lookahead, so the lower-casing must cover it:
    // the unit after q falls past the chunk's end for every group at chunk size 1, and for some at 2 and 4
    // (not at 3: the groups are three units long, so they line up with the chunks) — ſ, the Kelvin sign, Å, Ÿ, ẞ there.
    const starters = Array.from({ length: 255 }, (_, i) => `q${String.fromCharCode(i + 1)}`);
    const units = Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => c !== 0 && c !== 0x130);
    const text = units.map((c) => `q${String.fromCharCode(c)} `).join('');
    const host = createScanHost();
    for (const chunk of [1, 2, 4]) expectScansOf(createSharedScanner(starters, Infinity, { chunk, host }), starters, text);
  });

  it('scans a hostile 2 MiB text across its chunks in fixed memory: every unit a starter, then one word and one digit run', () => {
    const scanner = createSharedScanner(['a', 'aa', 'aaa'], 12)!;
    for (const text of ['a'.repeat(2 << 20), 'a-'.repeat(1 << 20), '9'.repeat(2 << 20), ` ${'a'.repeat((2 << 20) - 2)} `]) {
      expect(scanned(scanner, text)).toEqual(oracle(['a', 'aa', 'aaa'], text, 12));
    }
    expect(createSharedScanner(['a'], 12)).not.toBeNull();
    expect(createSharedScanner(['\u0100x'], 12)).toBeNull();
  });

  it('leaves a starter holding a NUL to the regex: the 0 written after the text must never match one', () => {
    for (const starters of [['a\0'], ['\0'], ['ab', 'a\0b']]) expect(createSharedScanner(starters, Infinity), JSON.stringify(starters)).toBeNull();
  });

  it('leaves the engine’s results unchanged: classify with the scanner equals classify with the JavaScript scans', () => {
    const jsPolicy = { ...policy, scanner: null };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SENTENCES), { maxLength: 30 }), (parts) => {
        const content = parts.join(' ');
        expect(classify(policy, { name: 'a.txt', content }), content).toEqual(classify(jsPolicy, { name: 'a.txt', content }));
      }),
      { numRuns: 400, seed: 71 },
    );
  });

  it('serves several policies from one host, each scan with the tables of its own policy', () => {
    const host = createScanHost();
    const few = defaultRules().filter((_, i) => i % 3 === 0);
    const policies = [compilePolicy(DEFAULT_LABELS, defaultRules(), undefined, undefined, { scanHost: host }), compilePolicy(DEFAULT_LABELS, few, undefined, undefined, { scanHost: host })];
    const oracles = policies.map((p) => ({ ...p, scanner: null }));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SENTENCES), { maxLength: 30 }), fc.nat(1), (parts, which) => {
        const content = parts.join(' ');
        for (const i of [which, 1 - which]) expect(classify(policies[i]!, { name: 'a.txt', content }), content).toEqual(classify(oracles[i]!, { name: 'a.txt', content }));
      }),
      { numRuns: 200, seed: 73 },
    );
    expect(host.failure).toBeNull();
  });

  it('falls back to the JavaScript scans where the module does not compile (no WebAssembly SIMD), with the reason, and tries only at the first scan', () => {
    const host = createScanHost(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]));
    const broken = compilePolicy(DEFAULT_LABELS, defaultRules(), undefined, undefined, { scanHost: host });
    expect(host.failure).toBeNull();
    expect(broken.scanner!.scan('confidential')).toBeNull();
    expect(host.failure).toMatch(/cannot run here/);
    const jsPolicy = { ...policy, scanner: null };
    for (const content of SENTENCES) expect(classify(broken, { name: 'a.txt', content }), content).toEqual(classify(jsPolicy, { name: 'a.txt', content }));
  });

  it('tells the start-up log whether the module can run here: the committed build can, bytes that do not validate cannot, with the reason', () => {
    expect(scannerUnavailable()).toBeNull();
    expect(scannerUnavailable(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]))).toMatch(/does not validate here .*scans with JavaScript/);
  });
});
