// Agent text extraction: formats, real documents, hostile files, and the worker pool's limits and lifecycle.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { docxMainPart, extractDocx } from '../extract/docx-extractor.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS, INFLATE_CHUNK } from '../extract/docx-guard.ts';
import { extractData, truncateText } from '../extract/extract-file.ts';
import { ExtractError, type ExtractionResult } from '../extract/extraction-result.ts';
import { createExtractorPool, type ExtractorPoolOptions } from '../extract/extractor-pool.ts';
import { formatForPath } from '../extract/formats.ts';
import { builtinsAreNative } from '../extract/native-builtins.ts';
import { fsErrorToExtractError } from '../extract/read-file.ts';
import { extractText } from '../extract/text-extractor.ts';
import { readZipDirectory } from '../extract/zip-directory.ts';
import {
  assembleDocx,
  assembleZip,
  docxDocumentXml,
  makeBinaryBlob,
  makeDocx,
  makeEncryptedPdf,
  makePdf,
  makePdfStreamBomb,
  makeTruncatedPdf,
  makeZipBombDocx,
  repeatedEntry,
  smallEntry,
} from './helpers/documents.ts';
import { docxDuplicateEntry, docxLargeCustomXml } from './helpers/hostile-documents.ts';

const MIB = 1024 * 1024;

/** A pino logger writing into an array, so tests can read the log lines. */
function memoryLogger(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void raw.push(s) });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function poolOptions(overrides: Partial<ExtractorPoolOptions> & Pick<ExtractorPoolOptions, 'logger'>): ExtractorPoolOptions {
  return { workers: 1, timeoutMs: 15_000, maxMemoryMb: 128, maxFileBytes: 2 * MIB, maxTextChars: 50_000, ...overrides };
}

function expectFailure(result: ExtractionResult, code: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.code, result.reason).toBe(code);
}

/** The bytes the DOCX guard says it inflated before refusing a file. */
function inflatedBytes(result: ExtractionResult): number {
  const reason = result.ok ? '' : result.reason;
  const m = /\((\d+) bytes inflated\)$/.exec(reason);
  if (!m) throw new Error(`no inflated byte count in: ${reason}`);
  return Number(m[1]);
}

/** What a ZIP's entries declare they inflate to, in all. */
function declaredBytes(zip: Buffer): number {
  return readZipDirectory(zip, 100, 'may-repeat').reduce((sum, e) => sum + e.uncompressedSize, 0);
}

function okText(result: ExtractionResult): string {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.reason}`);
  return result.text;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-extract-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

describe('formatForPath', () => {
  it('maps extensions case-insensitively and honours the enabled list', () => {
    expect(formatForPath('/srv/a/Report.PDF')).toBe('pdf');
    expect(formatForPath('x.docx')).toBe('docx');
    for (const ext of ['txt', 'csv', 'md', 'json', 'log', 'yaml', 'yml', 'ini', 'conf', 'tsv', 'ts', 'py', 'sql', 'swift']) {
      expect(formatForPath(`f.${ext}`)).toBe('text');
    }
    const families = { xlsx: 'xlsx', XLSM: 'xlsx', pptx: 'pptx', odt: 'odf', ods: 'odf', odp: 'odf', rtf: 'rtf', html: 'html', htm: 'html', xml: 'html', eml: 'mail', msg: 'mail', zip: 'archive', tar: 'archive', 'tar.gz': 'archive', tgz: 'archive', gz: 'archive', doc: 'doc', xls: 'xls' };
    for (const [ext, format] of Object.entries(families)) expect(formatForPath(`f.${ext}`)).toBe(format);
    for (const ext of ['png', 'jpg', 'JPEG', 'tif', 'tiff']) expect(formatForPath(`scan.${ext}`)).toBe('image');
    expect(formatForPath('clip.mp4')).toBeNull();
    expect(formatForPath('Makefile')).toBeNull();
    expect(formatForPath('.txt')).toBeNull(); // a dotfile, not an extension
    expect(formatForPath('old.wpd')).toBeNull();
    expect(formatForPath('a.pdf', ['text'])).toBeNull();
    expect(formatForPath('a.csv', ['text'])).toBe('text');
  });
});

describe('in-process pieces', () => {
  it('decodes UTF-8 (BOM stripped), UTF-16 with BOM, and legacy Windows-1252', () => {
    expect(extractText(Buffer.from('\uFEFFnaïve café', 'utf8'))).toBe('naïve café');
    expect(extractText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('wide text', 'utf16le')]))).toBe('wide text');
    expect(extractText(Buffer.from('caf\xe9 cr\xe8me', 'latin1'))).toBe('café crème');
  });

  it('calls text with many control or invalid bytes binary, even without NULs', () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = i % 2 === 0 ? 0x01 : 0xff;
    expect(() => extractText(junk)).toThrow(ExtractError);
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncateText('abc', 5)).toEqual({ text: 'abc', truncated: false });
    expect(truncateText('ab😀cd', 3)).toEqual({ text: 'ab', truncated: true });
  });

  it('maps EACCES / EPERM to unreadable (root cannot provoke them honestly; see the skipped chmod test)', () => {
    for (const code of ['EACCES', 'EPERM', 'ENOENT']) {
      const err = fsErrorToExtractError(Object.assign(new Error('x'), { code }));
      expect(err.code).toBe('unreadable');
      expect(err.message).toContain(code);
    }
  });

  it('refuses a DOCX with too many entries', async () => {
    const zip = new JSZip();
    for (let i = 0; i < 60; i++) zip.file(`word/media/${i}.xml`, '<a/>');
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    await expect(checkDocx(buf, { ...DEFAULT_DOCX_LIMITS, maxEntries: 50, maxXmlBytes: MIB, maxTotalBytes: MIB, ratioMinBytes: MIB })).rejects.toMatchObject({ code: 'bomb' });
  });

  it('stops inflating a lying entry one chunk past its declared size, on the streaming path too', async () => {
    for (const declared of [4096, 4 * MIB]) {
      const data = await makeZipBombDocx({ uncompressedMb: 64, lieAboutSize: true, declaredBytes: declared });
      const err = await checkDocx(data).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ExtractError);
      expect(err).toMatchObject({ code: 'bomb' });
      const inflated = inflatedBytes({ ok: false, format: 'docx', code: 'bomb', reason: (err as Error).message });
      expect(inflated).toBeGreaterThan(declared);
      expect(inflated).toBeLessThanOrEqual(declaredBytes(data) + INFLATE_CHUNK);
    }
  });

  it('keeps the parts the reader reads, so it does not inflate them again, and drops the rest', async () => {
    const vetted = await checkDocx(await makeDocx(['Kept once']), DEFAULT_DOCX_LIMITS, docxMainPart().keep);
    expect([...vetted.xmlParts.keys()].sort()).toEqual(['_rels/.rels', 'word/document.xml']);
    expect(vetted.xmlParts.get('word/document.xml')!.toString('utf8')).toContain('Kept once');
    // A 53 KiB file with seven customXml parts of 7 MiB: inflated and checked, none of it held.
    const custom = docxLargeCustomXml();
    const held = await checkDocx(custom, DEFAULT_DOCX_LIMITS, docxMainPart().keep);
    expect(held.inflatedBytes).toBeGreaterThan(49 * MIB);
    expect([...held.xmlParts.keys()].sort()).toEqual(['_rels/.rels', 'word/document.xml']);
    expect(await extractDocx(custom)).toBe('For internal use only.\n\n');
  });

  it('keeps a main part the relationships name elsewhere when they come first (as Word writes them), so it too is inflated once', async () => {
    const main = smallEntry('content/main.xml', docxDocumentXml(['Moved main part']));
    const relsFirst = assembleDocx(main);
    const vetted = await checkDocx(relsFirst, DEFAULT_DOCX_LIMITS, docxMainPart().keep);
    expect([...vetted.xmlParts.keys()].sort()).toEqual(['_rels/.rels', 'content/main.xml']);
    expect(await extractDocx(relsFirst)).toBe('Moved main part\n\n');
    // Listed before the relationships, it is not yet known to be the main part: the reader inflates it again.
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/content/main.xml"/></Relationships>`;
    const mainFirst = assembleZip([main, smallEntry('_rels/.rels', rels)]);
    expect([...(await checkDocx(mainFirst, DEFAULT_DOCX_LIMITS, docxMainPart().keep)).xmlParts.keys()]).toEqual(['_rels/.rels']);
    expect(await extractDocx(mainFirst)).toBe('Moved main part\n\n');
  });

  it('holds at most maxKeptBytes of the parts it keeps; the reader inflates the others as it reads them', async () => {
    const header = (i: number) => repeatedEntry(`word/header${i}.xml`, `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>header ${i} `, 'A', 1, '</w:t></w:r></w:p></w:hdr>');
    const data = assembleDocx(['body'], [header(1), header(2), header(3)]);
    const limits = { ...DEFAULT_DOCX_LIMITS, maxKeptBytes: 2 * MIB };
    const vetted = await checkDocx(data, limits, docxMainPart().keep);
    expect([...vetted.xmlParts.keys()].sort()).toEqual(['_rels/.rels', 'word/document.xml', 'word/header1.xml']);
    expect([...vetted.xmlParts.values()].reduce((sum, b) => sum + b.length, 0)).toBeLessThanOrEqual(2 * MIB);
    const text = await extractDocx(data, limits);
    for (const i of [1, 2, 3]) expect(text).toContain(`header ${i} AAAA`);
  });

  it('refuses entry names that repeat (ASCII case aside) as corrupt, so no entry of a name is left unread', async () => {
    await expect(extractDocx(docxDuplicateEntry())).rejects.toMatchObject({ code: 'corrupt', message: 'zip entry name word/footer1.xml appears more than once' });
    const cased = assembleDocx(['hello'], [smallEntry('word/Footer1.xml', '<w:ftr/>'), smallEntry('word/footer1.xml', '<w:ftr/>')]);
    await expect(checkDocx(cased)).rejects.toMatchObject({ code: 'corrupt', message: 'zip entry name word/footer1.xml appears more than once' });
  });

  it('refuses an encrypted Office file (OLE container) as encrypted, and another OLE file as a renamed legacy one', async () => {
    const cfb = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512), Buffer.from('EncryptedPackage', 'utf16le')]);
    await expect(checkDocx(cfb)).rejects.toMatchObject({ code: 'encrypted', message: 'password-protected Office document' });
    const legacy = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
    await expect(checkDocx(legacy)).rejects.toMatchObject({ code: 'corrupt', message: 'OLE compound file, not a DOCX (legacy .doc renamed?)' });
    const xlsx = await extractData(legacy, 'book.xlsx', 'xlsx', { maxFileBytes: MIB, maxTextChars: 100 });
    expect(xlsx).toMatchObject({ ok: false, code: 'corrupt', reason: 'OLE compound file, not a XLSX (legacy format renamed?)' });
  });
});

describe('pdf.js in the extraction thread', () => {
  it('leaves Array.prototype.push and JSON.parse native after a PDF (pdf.js polyfills replace them on Node 20)', async () => {
    const limits = { maxFileBytes: 2 * MIB, maxTextChars: 50_000 };
    const first = await extractData(await makePdf(['first PDF of this thread']), 'a.pdf', 'pdf', limits);
    expect(okText(first)).toContain('first PDF of this thread');
    expect(builtinsAreNative()).toBe(true);
    const second = await extractData(await makePdf(['second PDF']), 'b.pdf', 'pdf', limits);
    expect(okText(second)).toContain('second PDF');
    expect(builtinsAreNative()).toBe(true);
    const items: number[] = [];
    expect(items.push(1, 2)).toBe(2);
    expect(JSON.parse('{"a":[1]}')).toEqual({ a: [1] });
  });
});

describe('extractor pool: documents and hostile files', () => {
  const log = memoryLogger();
  let pool: ReturnType<typeof createExtractorPool>;
  beforeAll(() => {
    pool = createExtractorPool(poolOptions({ workers: 2, logger: log.logger }));
  });
  afterAll(async () => {
    await pool.close();
  });

  it('extracts every page of a multi-page PDF, including a marker on the last page', async () => {
    const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(30);
    const path = await put('report.pdf', await makePdf(['Page one heading', long, 'Final page MARKER-7731-LAST']));
    const result = await pool.extract(path);
    expect(okText(result)).toContain('MARKER-7731-LAST');
    expect(okText(result)).toContain('consectetur adipiscing');
    expect(result).toMatchObject({ ok: true, format: 'pdf', pages: 3, truncated: false });
  });

  it('extracts DOCX paragraphs and table cells', async () => {
    const path = await put(
      'memo.docx',
      await makeDocx(['Quarterly memo', { table: [['Name', 'IBAN'], ['Alice', 'DE89370400440532013000']] }, 'Closing paragraph']),
    );
    const text = okText(await pool.extract(path));
    expect(text).toContain('Quarterly memo');
    expect(text).toContain('DE89370400440532013000');
    expect(text).toContain('Closing paragraph');
  });

  it('reads UTF-8 text with a BOM (BOM stripped) and CSV', async () => {
    const bom = okText(await pool.extract(await put('notes.txt', '\uFEFFZoë’s notes\nline 2')));
    expect(bom).toBe('Zoë’s notes\nline 2');
    const csvText = 'name,email\nAda,ada@example.com\n';
    const csv = await pool.extract(await put('people.csv', csvText));
    expect(csv).toMatchObject({ ok: true, format: 'text', bytes: Buffer.byteLength(csvText) });
    expect(okText(csv)).toContain('ada@example.com');
  });

  it('returns empty text for 0-byte files of every format', async () => {
    for (const name of ['empty.txt', 'empty.pdf', 'empty.docx']) {
      expect(await pool.extract(await put(name, Buffer.alloc(0)))).toMatchObject({ ok: true, text: '', bytes: 0 });
    }
  });

  it('truncates text to maxTextChars and says so', async () => {
    const result = await pool.extract(await put('big.log', 'x'.repeat(60_000)));
    expect(result).toMatchObject({ ok: true, truncated: true, bytes: 60_000 });
    expect(okText(result)).toHaveLength(50_000);
  });

  it('encrypted PDF → encrypted (pdf.js PasswordException)', async () => {
    expectFailure(await pool.extract(await put('locked.pdf', await makeEncryptedPdf())), 'encrypted');
  });

  it('truncated PDF and non-PDF bytes → corrupt', async () => {
    expectFailure(await pool.extract(await put('cut.pdf', await makeTruncatedPdf())), 'corrupt');
    expectFailure(await pool.extract(await put('fake.pdf', 'this is not a pdf at all')), 'corrupt');
  });

  it('corrupt DOCX (not a zip, or a zip without word/document.xml) → corrupt', async () => {
    expectFailure(await pool.extract(await put('fake.docx', 'PK but not really')), 'corrupt');
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    expectFailure(await pool.extract(await put('empty-zip.docx', await zip.generateAsync({ type: 'nodebuffer' }))), 'corrupt');
  });

  it('zip-bomb DOCX → bomb: refused on what it declares before inflating a byte, or after inflating at most one chunk past a lie, however it lies and wherever it hides', async () => {
    const variants = [
      { lieAboutSize: false },
      { lieAboutSize: true }, // declares 4 KiB: inflated in one bounded call
      { lieAboutSize: true, declaredBytes: 2 * MIB }, // inflated as a stream, stopped a chunk past 2 MiB
      { lieAboutSize: true, mainPart: 'word/media/image1.png' },
    ];
    for (const [i, variant] of variants.entries()) {
      const data = await makeZipBombDocx({ uncompressedMb: 200, ...variant });
      const result = await pool.extract(await put(`bomb-${i}.docx`, data));
      expectFailure(result, 'bomb');
      // The failure line says how much the guard inflated, counted until each inflater closed (so an
      // inflater left running after the verdict would count its 200 MiB here): nothing for a bomb
      // that declares its size, and for a lying one past what it declares, by at most one chunk.
      const inflated = inflatedBytes(result);
      if (!variant.lieAboutSize) expect(inflated).toBe(0);
      else {
        expect(inflated, JSON.stringify(variant)).toBeGreaterThan(declaredBytes(data));
        expect(inflated, JSON.stringify(variant)).toBeLessThanOrEqual(declaredBytes(data) + INFLATE_CHUNK);
      }
    }
  });

  it('binary file named .txt → binary', async () => {
    expectFailure(await pool.extract(await put('data.txt', makeBinaryBlob())), 'binary');
  });

  it('file over maxFileBytes → too_large, unsupported extension → unsupported', async () => {
    expectFailure(await pool.extract(await put('huge.txt', Buffer.alloc(2 * MIB + 1, 'a'))), 'too_large');
    const unsupported = await pool.extract(await put('clip.mp4', 'mp4'));
    expect(unsupported).toMatchObject({ ok: false, format: null, code: 'unsupported' });
  });

  it('vanished file, directory and FIFO → unreadable, without hanging', async () => {
    const gone = await pool.extract(join(dir, 'gone.txt'));
    expectFailure(gone, 'unreadable');
    if (!gone.ok) expect(gone.reason).toContain('ENOENT');
    await mkdir(join(dir, 'folder.txt'));
    expectFailure(await pool.extract(join(dir, 'folder.txt')), 'unreadable');
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    expectFailure(await pool.extract(join(dir, 'pipe.txt')), 'unreadable');
  });

  it.skipIf(process.getuid?.() === 0)('permission-denied file → unreadable (skipped as root, which reads mode-000 files)', async () => {
    const path = await put('secret.txt', 'top secret');
    await chmod(path, 0o000);
    expectFailure(await pool.extract(path), 'unreadable');
  });

  it('queues more files than workers and extracts them all', async () => {
    const paths = await Promise.all(Array.from({ length: 12 }, (_, i) => put(`f${i}.md`, `# doc ${i}`)));
    const results = await Promise.all(paths.map((p) => pool.extract(p)));
    expect(results.map(okText)).toEqual(paths.map((_, i) => `# doc ${i}`));
  });

  it('logs one structured line per failure, and never document text', () => {
    const lines = log.lines();
    const failures = lines.filter((l) => l.msg === 'extraction failed');
    expect(failures.length).toBeGreaterThanOrEqual(10);
    for (const line of failures) {
      expect(line).toMatchObject({ path: expect.any(String), code: expect.any(String), reason: expect.any(String) });
    }
    const bombs = failures.filter((l) => typeof l.path === 'string' && l.path.endsWith('bomb-1.docx'));
    expect(bombs).toHaveLength(1);
    const all = JSON.stringify(lines);
    for (const secret of ['MARKER-7731-LAST', 'DE89370400440532013000', 'ada@example.com', 'top secret']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('extractor pool: limits and lifecycle', () => {
  it('times out a slow PDF, replaces the worker, and keeps working', async () => {
    const log = memoryLogger();
    const pool = createExtractorPool(poolOptions({ timeoutMs: 300, logger: log.logger }));
    try {
      // A 1 MB PDF whose content stream inflates to 1 GiB: pdf.js needs seconds for it.
      const slow = await put('slow.pdf', await makePdfStreamBomb(1024));
      expectFailure(await pool.extract(slow), 'timeout');
      // Settled by the deadline, which retires the busy worker, not by pdf.js finishing (no wall-clock bound: the host's load would set it).
      expect(log.lines().filter((l) => l.msg === 'extraction failed')).toEqual([expect.objectContaining({ code: 'timeout', workerReplaced: true })]);
      expect(okText(await pool.extract(await put('after.txt', 'still alive')))).toBe('still alive');
    } finally {
      await pool.close();
    }
  });

  it('a file that blows the worker heap → memory; the next file still works', async () => {
    const pool = createExtractorPool(poolOptions({ maxMemoryMb: 32, logger: memoryLogger().logger }));
    try {
      // 50k paragraphs: a 140 KB DOCX whose XML DOM (mammoth/xmldom) needs far more than a 32 MB heap.
      const paragraphs = Array.from({ length: 50_000 }, (_, i) => `Paragraph number ${i}`);
      expectFailure(await pool.extract(await put('long.docx', await makeDocx(paragraphs))), 'memory');
      expect(okText(await pool.extract(await put('small.txt', 'ok')))).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('a PDF stream bomb (ArrayBuffers, outside the heap limit) is stopped by the RSS watchdog → memory', async () => {
    const pool = createExtractorPool(poolOptions({ maxMemoryMb: 32, maxFileBytes: 4 * MIB, timeoutMs: 25_000, logger: memoryLogger().logger }));
    try {
      const path = await put('bomb.pdf', await makePdfStreamBomb(3072));
      const result = await pool.extract(path);
      expectFailure(result, 'memory');
      expect(okText(await pool.extract(await put('small.txt', 'ok')))).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('close() is idempotent, fails pending work, refuses new work, and leaves no handles', async () => {
    const count = (type: string) => process.getActiveResourcesInfo().filter((r) => r === type).length;
    const before = { ports: count('MessagePort'), timers: count('Timeout') };
    const pool = createExtractorPool(poolOptions({ workers: 2, logger: memoryLogger().logger }));
    const warm = await pool.extract(await put('warm.txt', 'warm'));
    expect(okText(warm)).toBe('warm');
    const pending = pool.extract(await put('slow.pdf', await makePdfStreamBomb(1024)));
    const queued = pool.extract(await put('queued.txt', 'q'));
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
    await pool.close();
    expectFailure(await pending, 'unreadable');
    expect((await queued).ok).toBe(false);
    expectFailure(await pool.extract(await put('late.txt', 'late')), 'unreadable');
    expect(count('MessagePort')).toBeLessThanOrEqual(before.ports);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
  });
});
