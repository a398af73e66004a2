// A document package that another zip reader would read differently is refused: mammoth (JSZip)
// resolves `.`/`..`/empty segments, takes local header names and Unicode Path fields, and reads a
// second directory behind prepended data, so each trick could hand it a decoy main part while the
// guard checked the real one (a card number). Real files, built here (test/helpers/ambiguous-zips.ts);
// their main part holds a w:sym, so without the refusal mammoth's reading is what would come back.
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../extract/docx-extractor.ts';
import { extractData } from '../extract/extract-file.ts';
import { assembleDocx, assembleZip, docxFrameEntries, makeDocx, smallEntry } from './helpers/documents.ts';
import { ambiguousDocxFiles, cardWithSymbol } from './helpers/ambiguous-zips.ts';

const LIMITS = { maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000 };

/** The same archive with a ZIP64 end record and locator, the classic end record saturated to point at them. */
function asZip64(zip: Buffer): Buffer {
  const eocd = zip.length - 22;
  const [count, size, offset] = [zip.readUInt16LE(eocd + 10), zip.readUInt32LE(eocd + 12), zip.readUInt32LE(eocd + 16)];
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, eocd), record, locator, end]);
}

describe('zip entries another reader would name differently', () => {
  it.each(ambiguousDocxFiles().map((f) => [f.name, f] as const))('refuse %s as corrupt', async (_name, file) => {
    await expect(extractDocx(file.data)).rejects.toMatchObject({ code: 'corrupt', message: file.reason });
  });

  it('read the same package without the decoy through mammoth: the card number comes out', async () => {
    const text = await extractDocx(assembleZip([...docxFrameEntries(), cardWithSymbol()]));
    expect(text).toContain('Card 4111 1111 1111 1111');
  });

  it('hand mammoth a main part the relationships name outside *.xml (the rebuilt zip holds it too)', async () => {
    const main = { ...cardWithSymbol(), name: 'word/body.dat' };
    expect(await extractDocx(assembleDocx(main))).toContain('Card 4111 1111 1111 1111');
  });

  it('read a ZIP64 package: its directory ends at the ZIP64 end record; data before it is still refused', async () => {
    const zip64 = asZip64(assembleZip([...docxFrameEntries(), cardWithSymbol()]));
    expect(await extractDocx(zip64)).toContain('Card 4111 1111 1111 1111');
    await expect(extractDocx(Buffer.concat([Buffer.alloc(64), zip64]))).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('still read a JSZip-written DOCX (directory entries) and a plain zip with the same names', async () => {
    expect(await extractDocx(await makeDocx(['hello']))).toBe('hello\n\n');
    const plain = assembleZip([smallEntry('./notes.txt', 'a'), smallEntry('x/../notes.txt', 'b')]);
    const result = await extractData(plain, 'plain.zip', 'archive', LIMITS);
    expect(result).toMatchObject({ ok: true, text: '=== ./notes.txt ===\na\n\n=== x/../notes.txt ===\nb' });
  });
});
