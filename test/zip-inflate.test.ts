// Bounded inflation of zip entries (extract/zip-inflate.ts), as the archive and OOXML/ODF readers
// (zip-reader.ts) and the DOCX guard (docx-guard.ts) use it: the error kind and reason each gives for
// data that does not inflate and for output past its bound, down to the byte, on real files built here.
import { describe, expect, it } from 'vitest';
import type { ContainerLimits } from '../extract/container-limits.ts';
import { checkDocx } from '../extract/docx-guard.ts';
import { extractData } from '../extract/extract-file.ts';
import { formatForPath } from '../extract/formats.ts';
import { assembleDocx, assembleZip, type RawZipEntry, smallEntry } from './helpers/documents.ts';

const MIB = 1024 * 1024;
/** 0xff opens a final block of the reserved type 3: zlib's "invalid block type". */
const damaged = (name: string, size: number): RawZipEntry => ({ name, compressed: Buffer.alloc(16, 0xff), crc: 0, size });
/** An entry of `bytes` bytes of text that says it holds `declared`. */
const sized = (name: string, bytes: number, declared = bytes): RawZipEntry => ({ ...smallEntry(name, 'A'.repeat(bytes)), size: declared });

/** A 1 MiB budget, with no ratio limit in the way. */
const CONTAINER: ContainerLimits = { maxDepth: 3, maxMembers: 100, maxInflatedBytes: MIB, maxRatio: 1e9, ratioMinBytes: MIB };

function extract(data: Buffer, name: string) {
  return extractData(data, name, formatForPath(name)!, { maxFileBytes: 8 * MIB, maxTextChars: 10, container: CONTAINER });
}

describe('zip members inflated against the budget (zip-reader.ts)', () => {
  it('a member whose data does not inflate is corrupt, with zlib’s reason', async () => {
    const result = await extract(assembleZip([damaged('a.txt', 100)]), 'x.zip');
    expect(result).toMatchObject({ ok: false, code: 'corrupt', reason: 'a.txt: cannot inflate member a.txt: invalid block type' });
  });

  it('a member may fill the budget to the byte; one byte more is a bomb, and more than that stops zlib', async () => {
    expect(await extract(assembleZip([sized('full.txt', MIB)]), 'x.zip')).toMatchObject({ ok: true, truncated: true });
    expect(await extract(assembleZip([sized('over.txt', MIB + 1)]), 'x.zip')).toMatchObject({ ok: false, code: 'bomb', reason: `members inflate past ${MIB} bytes (at over.txt)` });
    expect(await extract(assembleZip([sized('far.txt', MIB + 2)]), 'x.zip')).toMatchObject({ ok: false, code: 'bomb', reason: `member far.txt inflates past the ${MIB}-byte budget` });
    const after = await extract(assembleZip([sized('half.txt', MIB / 2), sized('rest.txt', MIB / 2 + 2)]), 'x.zip');
    expect(after).toMatchObject({ ok: false, code: 'bomb', reason: `member rest.txt inflates past the ${MIB}-byte budget` });
  });
});

describe('DOCX entries inflated by the guard (docx-guard.ts)', () => {
  it('an XML part whose data does not inflate is corrupt, inflated at once or streamed', async () => {
    for (const size of [100, 2 * MIB]) {
      await expect(checkDocx(assembleDocx(['x'], [damaged('word/footer1.xml', size)]))).rejects.toMatchObject({ code: 'corrupt', message: 'cannot inflate word/footer1.xml: invalid block type' });
    }
  });

  it('a damaged image does not stop the file', async () => {
    const vetted = await checkDocx(assembleDocx(['x'], [damaged('word/media/image1.png', 100)]));
    expect(vetted.entries.map((e) => e.name)).toContain('word/media/image1.png');
  });

  it('an entry inflating one byte or more past its declared size is a bomb, with the bytes inflated', async () => {
    const head = assembleDocx(['x']);
    const before = (await checkDocx(head)).inflatedBytes;
    for (const extra of [1, 2, 1000]) {
      const data = assembleDocx(['x'], [sized('word/footer1.xml', 100 + extra, 100)]);
      // Inflation stops one byte past the declared 100.
      await expect(checkDocx(data)).rejects.toMatchObject({ code: 'bomb', message: `entry word/footer1.xml inflates past its declared size (${before + 101} bytes inflated)` });
    }
  });
});
