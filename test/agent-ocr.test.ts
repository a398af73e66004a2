// OCR of images and scanned PDF pages (tesseract.js with the English data from npm): the
// checked-in scanned page read through the real extractor pool and the real agent, the
// extract.ocr limits (pixels read from the header, pages, time) and hostile images, each one
// recorded failure while the pool and the agent carry on.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../extract/extraction-result.ts';
import { createExtractorPool, type ExtractorPool } from '../extract/extractor-pool.ts';
import { readImageHeader } from '../extract/image-header.ts';
import { DEFAULT_OCR_LIMITS, type OcrLimits } from '../extract/ocr-engine.ts';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import {
  hugeJpegHeader,
  hugePngHeader,
  hugeTiffHeader,
  makeImagePdf,
  makePng,
  ocrFixture,
  SCANNED_IBAN,
  SCANNED_SSN,
  tiffDirectoryLoop,
  truncated,
} from './helpers/image-documents.ts';

const MIB = 1024 * 1024;
const SCANS = ['page.png', 'page.jpg', 'page.tif', 'scanned.pdf'] as const;

function memoryLog(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (s: string) => void raw.push(s) }), lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function pool(ocr: Partial<OcrLimits> = {}, logger = memoryLog().logger): ExtractorPool {
  return createExtractorPool({ workers: 1, timeoutMs: 30_000, maxMemoryMb: 256, maxFileBytes: 8 * MIB, maxTextChars: 100_000, ocr: { ...DEFAULT_OCR_LIMITS, ...ocr }, logger });
}

function expectFailure(result: ExtractionResult, code: string, reason?: RegExp): void {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (!result.ok) {
    expect(result.code, result.reason).toBe(code);
    if (reason) expect(result.reason).toMatch(reason);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-ocr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

describe('image headers', () => {
  it('reads the size of each fixture and of lying headers without decoding', () => {
    for (const name of ['page.png', 'page.jpg', 'page.tif'] as const) {
      expect(readImageHeader(ocrFixture(name)).frames).toEqual([{ width: 1412, height: 920, directory: expect.any(Number) }]);
    }
    expect(readImageHeader(ocrFixture('two-pages.tif')).frames.map((f) => [f.width, f.height])).toEqual([[1000, 300], [1412, 920]]);
    expect(readImageHeader(hugePngHeader())).toEqual({ kind: 'png', frames: [{ width: 30_000, height: 30_000, directory: 0 }] });
    expect(readImageHeader(hugeJpegHeader())).toEqual({ kind: 'jpeg', frames: [{ width: 30_000, height: 30_000, directory: 0 }] });
    expect(readImageHeader(hugeTiffHeader())).toEqual({ kind: 'tiff', frames: [{ width: 30_000, height: 30_000, directory: 8 }] });
  });

  it('refuses cut-off, empty and foreign data as corrupt', () => {
    for (const data of [
      truncated(ocrFixture('page.png')),
      truncated(ocrFixture('page.jpg')),
      truncated(ocrFixture('page.tif'), 0.9),
      truncated(ocrFixture('page.png'), 0.001),
      makePng(0, 10),
      tiffDirectoryLoop(),
      Buffer.from('GIF89a not one of ours'),
      Buffer.alloc(0),
    ]) {
      expect(() => readImageHeader(data)).toThrow(expect.objectContaining({ code: 'corrupt' }));
    }
  });
});

// OCR is CPU-bound and the test machine is shared: generous timeouts, no timed assertions.
describe('OCR through the extractor pool', { timeout: 120_000 }, () => {
  let ocrPool: ExtractorPool;
  beforeAll(() => {
    ocrPool = pool();
  });
  afterAll(async () => {
    await ocrPool.close();
  });

  it.each(SCANS)('reads the SSN and IBAN of the scanned page in %s', async (name) => {
    const result = await ocrPool.extract(await put(name, ocrFixture(name)));
    if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
    expect(result.text).toContain(SCANNED_SSN);
    expect(result.text).toContain(SCANNED_IBAN);
    expect(result.ocrPages).toBe(1);
  });

  it('reads every page of a multi-page TIFF, the IBAN and SSN on its second page', async () => {
    const result = await ocrPool.extract(await put('fax.tif', ocrFixture('two-pages.tif')));
    if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
    expect(result).toMatchObject({ pages: 2, ocrPages: 2 });
    expect(result.text).toContain('FAX COVER SHEET');
    expect(result.text).toContain(SCANNED_SSN);
  });

  it('reads the text layer of a page that has one and OCRs only the scanned page', async () => {
    const result = await ocrPool.extract(await put('mixed.pdf', await makeImagePdf(ocrFixture('page.jpg'), 2, { textFirstPage: 'Cover letter' })));
    if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
    expect(result).toMatchObject({ pages: 2, ocrPages: 1 });
    expect(result.text).toContain('Cover letter');
    expect(result.text).toContain(SCANNED_IBAN);
    expect(result.text.indexOf('Cover letter')).toBeLessThan(result.text.indexOf(SCANNED_IBAN));
  });

  it('refuses 30000×30000-pixel images from their header, as too_large', async () => {
    for (const [name, data] of [
      ['huge.png', hugePngHeader()],
      ['huge.jpg', hugeJpegHeader()],
      ['huge.tiff', hugeTiffHeader()],
    ] as const) {
      expectFailure(await ocrPool.extract(await put(name, data)), 'too_large', /30000×30000 pixels \(900000000\), extract\.ocr\.max_pixels is 40000000/);
    }
  });

  it('records truncated PNG, JPEG and TIFF files as corrupt', async () => {
    for (const name of ['page.png', 'page.jpg', 'page.tif'] as const) {
      expectFailure(await ocrPool.extract(await put(`cut-${name}`, truncated(ocrFixture(name)))), 'corrupt', /truncated/);
    }
  });

  it('records an image without text as no_text, never as an empty document', async () => {
    expectFailure(await ocrPool.extract(await put('blank.png', makePng(600, 400))), 'no_text', /OCR found no text/);
  });

  it('refuses an image-only PDF with more pages than extract.ocr.max_pages, as one failure', async () => {
    const path = await put('many-pages.pdf', await makeImagePdf(ocrFixture('page.jpg'), 2000));
    expectFailure(await ocrPool.extract(path), 'too_large', /more than 100 PDF pages have no text layer \(extract\.ocr\.max_pages\), of 2000/);
    // The pool is still good for the next file.
    const next = await ocrPool.extract(await put('after.png', ocrFixture('page.png')));
    expect(next.ok && next.text.includes(SCANNED_SSN)).toBe(true);
  });
});

describe('extract.ocr limits', { timeout: 120_000 }, () => {
  it('with OCR off, records images and text-less PDFs as ocr_disabled and keeps the text pages of a mixed PDF', async () => {
    const log = memoryLog();
    const off = pool({ enabled: false }, log.logger);
    try {
      expectFailure(await off.extract(await put('off.png', ocrFixture('page.png'))), 'ocr_disabled', /extract\.ocr\.enabled is off/);
      expectFailure(await off.extract(await put('off.pdf', ocrFixture('scanned.pdf'))), 'ocr_disabled', /none of the 1 PDF pages has a text layer/);
      const mixed = await off.extract(await put('off-mixed.pdf', await makeImagePdf(ocrFixture('page.jpg'), 3, { textFirstPage: 'Cover letter' })));
      expect(mixed).toMatchObject({ ok: true, unreadPages: 2, pages: 3 });
      expect(mixed.ok && mixed.text).toContain('Cover letter');
      expect(log.lines().find((l) => l.msg === 'PDF pages without a text layer not read: OCR is off')).toMatchObject({ unreadPages: 2 });
    } finally {
      await off.close();
    }
  });

  it('stops OCR of a page over page_timeout_ms, and reads the next file with a fresh OCR worker', async () => {
    const slow = pool({ pageTimeoutMs: 100 });
    try {
      expectFailure(await slow.extract(await put('slow.png', ocrFixture('page.png'))), 'timeout', /OCR of one page took longer than 100 ms/);
      expectFailure(await slow.extract(await put('slow.pdf', ocrFixture('scanned.pdf'))), 'timeout');
    } finally {
      await slow.close();
    }
  });

  it('gives a file file_timeout_ms in all once OCR starts on it, instead of the extraction timeout', async () => {
    const log = memoryLog();
    const tight = createExtractorPool({
      workers: 1,
      timeoutMs: 60_000,
      maxMemoryMb: 256,
      maxFileBytes: 8 * MIB,
      maxTextChars: 100_000,
      ocr: { ...DEFAULT_OCR_LIMITS, fileTimeoutMs: 150 },
      logger: log.logger,
    });
    try {
      await tight.extract(await put('warm.txt', Buffer.from('worker started')));
      expectFailure(await tight.extract(await put('budget.png', ocrFixture('page.png'))), 'timeout', /longer than 150 ms/);
      expect(await tight.extract(await put('plain.txt', Buffer.from('still working')))).toMatchObject({ ok: true, text: 'still working' });
    } finally {
      await tight.close();
    }
  });
});

describe('agent with scanned pages and hostile images', () => {
  const cleanup = cleanupAfterEach();

  it('labels each scanned page by its SSN and IBAN and records each hostile image once, staying up', async () => {
    // One extraction worker: OCR is CPU-bound, and the test file beside this one needs the other core.
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { concurrency: 1, limits: { max_file_bytes: 8 * MIB } } });
    const scans = [...SCANS, 'two-pages.tif'] as const; // the fax: SSN and IBAN on its second page
    for (const name of scans) await writeFile(join(watchDir, name), ocrFixture(name));
    const hostile: Record<string, [Buffer, string]> = {
      'huge.png': [hugePngHeader(), 'too_large'],
      'huge.tif': [hugeTiffHeader(), 'too_large'],
      'cut.jpg': [truncated(ocrFixture('page.jpg')), 'corrupt'],
      'cut.png': [truncated(ocrFixture('page.png')), 'corrupt'],
      'many-pages.pdf': [await makeImagePdf(ocrFixture('page.jpg'), 1000), 'too_large'],
      'blank.png': [makePng(300, 200), 'no_text'],
    };
    for (const [name, [data]] of Object.entries(hostile)) await writeFile(join(watchDir, name), data);
    const agent = cleanup.track(await startTestAgent(settings()));

    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return scans.every((n) => a.has(nameOf(join(watchDir, n)))) ? a : undefined;
    }, 'every scanned page in the inventory', 90_000);
    for (const name of scans) {
      const asset = assets.get(nameOf(join(watchDir, name)))!;
      expect(asset.label.level, `${name}: ${asset.label.name} (${asset.matched_rules})`).toBeGreaterThanOrEqual(2);
      const detectors = asset.findings.flatMap((f) => f.detectors.map((d) => d.id)).join(' ');
      expect(detectors, name).toMatch(/iban/i);
      expect(detectors, name).toMatch(/ssn/i);
    }

    const status = await waitFor(async () => {
      const s = await agent.agent.status();
      const failed = new Set(s.failures.map((f) => f.path));
      return Object.keys(hostile).every((n) => failed.has(join(watchDir, n))) ? s : undefined;
    }, 'every hostile image recorded', 90_000);
    for (const [name, [, code]] of Object.entries(hostile)) {
      const lines = status.failures.filter((f) => f.path === join(watchDir, name));
      expect(lines, name).toHaveLength(1);
      expect(lines[0]!.reason, name).toMatch(new RegExp(`^${code}: `));
    }
    // Each reaches the inventory as unreadable, with its reason and the unreadable-file label — never a silent Public.
    const a = await waitFor(async () => {
      const got = await agentAssets(server.api, key);
      return Object.keys(hostile).every((n) => got.get(nameOf(join(watchDir, n)))?.unreadable) ? got : undefined;
    }, 'every hostile image in the inventory as unreadable', 90_000);
    for (const [name, [, code]] of Object.entries(hostile)) {
      const asset = a.get(nameOf(join(watchDir, name)))!;
      expect(asset.unreadable, name).toMatch(new RegExp(`^${code}: `));
      expect(asset.label.name, name).toBe('Confidential');
    }
    expect(status.files.unparseable).toBe(Object.keys(hostile).length);
  }, 180_000);
});

/** Whether this process may start a child in a network namespace of its own (root, or user namespaces). */
function canIsolateNetwork(): boolean {
  return spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

describe('OCR without a network', () => {
  // tesseract.js fetches its model from a CDN unless told otherwise: with no network interface
  // but loopback, any such fetch fails and the page is not read.
  // Also: a PNG whose data libpng rejects is one failure, and the diagnostics tesseract's core
  // prints do not reach stdout (where the agent writes its JSON log lines).
  it.skipIf(!canIsolateNetwork())('reads the scanned page in a process that has no network (unshare -n), printing nothing else', async () => {
    const probe = fileURLToPath(new URL('./helpers/ocr-offline-probe.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
    const badData = await put('bad-data.png', makePng(100, 100, { idat: Buffer.from('not zlib data') }));
    const files = [fileURLToPath(new URL('./fixtures/ocr/page.png', import.meta.url)), fileURLToPath(new URL('./fixtures/ocr/scanned.pdf', import.meta.url)), badData];
    const run = spawnSync('unshare', ['-n', tsx, probe, ...files], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const [png, pdf, bad] = JSON.parse(run.stdout) as ExtractionResult[];
    for (const r of [png!, pdf!]) {
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect(r.ok && r.text).toContain(SCANNED_IBAN);
    }
    expectFailure(bad!, 'corrupt', /OCR could not read the image/);
  }, 150_000);
});
