// A document package that another zip reader would read differently is refused: mammoth (JSZip)
// resolves `.`/`..`/empty segments, takes local header names and Unicode Path fields, and reads a
// second directory behind prepended data, so each trick could hand it a decoy main part while the
// guard checked the real one (a card number). Real files, built here (test/helpers/ambiguous-zips.ts);
// their main part holds a w:sym, so without the refusal mammoth's reading is what would come back.
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../extract/docx-extractor.ts';
import { extractData } from '../extract/extract-file.ts';
import { assembleZip, docxFrameEntries, makeDocx, smallEntry } from './helpers/documents.ts';
import { ambiguousDocxFiles, cardWithSymbol } from './helpers/ambiguous-zips.ts';

const LIMITS = { maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000 };

describe('zip entries another reader would name differently', () => {
  it.each(ambiguousDocxFiles().map((f) => [f.name, f] as const))('refuse %s as corrupt', async (_name, file) => {
    await expect(extractDocx(file.data)).rejects.toMatchObject({ code: 'corrupt', message: file.reason });
  });

  it('read the same package without the decoy through mammoth: the card number comes out', async () => {
    const text = await extractDocx(assembleZip([...docxFrameEntries(), cardWithSymbol()]));
    expect(text).toContain('Card 4111 1111 1111 1111');
  });

  it('still read a JSZip-written DOCX (directory entries) and a plain zip with the same names', async () => {
    expect(await extractDocx(await makeDocx(['hello']))).toBe('hello\n\n');
    const plain = assembleZip([smallEntry('./notes.txt', 'a'), smallEntry('x/../notes.txt', 'b')]);
    const result = await extractData(plain, 'plain.zip', 'archive', LIMITS);
    expect(result).toMatchObject({ ok: true, text: '=== ./notes.txt ===\na\n\n=== x/../notes.txt ===\nb' });
  });
});
