// Overlapping zip entries (the non-recursive "zip bomb by overlap", Fifield 2019) are refused as a
// bomb in every zip-based format, before anything is inflated; gaps between entries (data
// descriptors, signing blocks, padding) are legal and read. Real files, built byte by byte
// (test/helpers/overlapping-zips.ts).
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractData } from '../extract/extract-file.ts';
import type { ExtractionResult } from '../extract/extraction-result.ts';
import { formatForPath } from '../extract/formats.ts';
import { assembleZip, smallEntry } from './helpers/documents.ts';
import { makeZip } from './helpers/office-documents.ts';
import { docxWithGaps, fullOverlapZip, quotedOverlapDocx, quotedOverlapZip } from './helpers/overlapping-zips.ts';

const LIMITS = { maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000 };
const CARD = 'Card 4111 1111 1111 1111';

function extract(data: Buffer, name: string): Promise<ExtractionResult> {
  return extractData(data, name, formatForPath(name)!, LIMITS);
}

describe('overlapping zip entries', () => {
  it('refuse a zip whose entries share one local header as a bomb', async () => {
    expect(await extract(fullOverlapZip(3), 'overlap.zip')).toEqual({
      ok: false,
      format: 'archive',
      code: 'bomb',
      reason: "zip entries copy-1.txt and copy-2.txt overlap (one's local header lies inside the other's record: a zip bomb by overlap)",
    });
  });

  it('refuse a zip whose member lies inside a stored member (quoted overlap) as a bomb', async () => {
    expect(await extract(quotedOverlapZip(), 'quoted.zip')).toMatchObject({
      ok: false,
      code: 'bomb',
      reason: "zip entries outer.bin and inner.txt overlap (one's local header lies inside the other's record: a zip bomb by overlap)",
    });
  });

  it('refuse a DOCX whose main part lies inside a stored image as a bomb', async () => {
    expect(await extract(quotedOverlapDocx(), 'quoted.docx')).toMatchObject({
      ok: false,
      code: 'bomb',
      reason: "zip entries word/media/image1.png and word/document.xml overlap (one's local header lies inside the other's record: a zip bomb by overlap)",
    });
  });

  it('refuse a zip holding an overlapping zip as a bomb, as a bomb anywhere inside refuses the file', async () => {
    const result = await extract(await makeZip({ 'readme.txt': 'nothing here', 'inner.zip': fullOverlapZip(2) }), 'outer.zip');
    expect(result).toMatchObject({ ok: false, code: 'bomb', reason: expect.stringMatching(/^zip entries copy-1\.txt and copy-2\.txt overlap/) });
  });
});

describe('gaps between zip entries', () => {
  it('read a zip and a DOCX with bytes between their entries', async () => {
    const zip = await extract(assembleZip([smallEntry('a.txt', 'nothing here'), smallEntry('b.txt', CARD)], 16), 'gaps.zip');
    expect(zip).toMatchObject({ ok: true, text: `=== a.txt ===\nnothing here\n\n=== b.txt ===\n${CARD}` });
    const docx = await extract(docxWithGaps(64), 'gaps.docx');
    expect(docx.ok && docx.text).toContain(CARD);
  });

  it('read a zip with data descriptors, whose 16 bytes after each entry are outside its record', async () => {
    // JSZip with streamFiles writes each entry's sizes in a data descriptor after its data.
    const zip = new JSZip();
    zip.file('a.txt', 'nothing here');
    zip.file('b.txt', CARD);
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', streamFiles: true });
    expect(data.readUInt16LE(6) & 8).toBe(8); // the data-descriptor flag
    expect(await extract(data, 'descriptors.zip')).toMatchObject({ ok: true, text: `=== a.txt ===\nnothing here\n\n=== b.txt ===\n${CARD}` });
  });
});
