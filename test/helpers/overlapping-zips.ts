// Zips whose entries overlap (Fifield, "A better zip bomb", 2019: several entries share one kernel of
// data, each inflating it again) and zips with gaps between entries (legal: data descriptors, signing
// blocks), built byte by byte for the hostile corpus and test/zip-overlap.test.ts.
import { crc32 } from 'node:zlib';
import { assembleZip, docxDocumentXml, docxFrameEntries, type RawZipEntry, smallEntry, zipCentralRecord, zipLocalRecord, zipRecords, zipWithDirectory } from './documents.ts';

const CARD = 'Card 4111 1111 1111 1111';

/** An entry stored (method 0) rather than deflated. */
function storedEntry(name: string, data: Buffer): RawZipEntry {
  return { name, compressed: data, crc: crc32(data), size: data.length };
}

const asStored = (record: Buffer, methodAt: number) => {
  record.writeUInt16LE(0, methodAt);
  return record;
};
const storedLocal = (e: RawZipEntry) => asStored(zipLocalRecord(e), 8);
const storedCentral = (e: RawZipEntry, offset: number) => asStored(zipCentralRecord(e, offset), 10);

/** A plain zip of `copies` entries that all point at one local header: the full-overlap bomb's shape. */
export function fullOverlapZip(copies: number, text = CARD): Buffer {
  const kernel = smallEntry('kernel.txt', text);
  const centrals = Array.from({ length: copies }, (_, i) => zipCentralRecord({ ...kernel, name: `copy-${i + 1}.txt` }, 0));
  return zipWithDirectory(zipLocalRecord(kernel), centrals);
}

/**
 * Zip records where the last entry's local header and data lie inside the data of a stored entry
 * before it (the "quoted" overlap), after `frame` entries laid out normally.
 */
function quotedOverlap(frame: readonly RawZipEntry[], outerName: string, inner: RawZipEntry): Buffer {
  const { records, centrals, end } = zipRecords(frame);
  const outer = storedEntry(outerName, Buffer.concat([zipLocalRecord(inner), Buffer.from(' and a tail after it')]));
  centrals.push(storedCentral(outer, end), zipCentralRecord(inner, end + 30 + Buffer.byteLength(outerName)));
  records.push(storedLocal(outer));
  return zipWithDirectory(Buffer.concat(records), centrals);
}

/** A plain zip: a stored member whose data holds a second member's local record. */
export function quotedOverlapZip(): Buffer {
  return quotedOverlap([smallEntry('readme.txt', 'nothing here')], 'outer.bin', smallEntry('inner.txt', CARD));
}

/** A DOCX whose main part lies inside the data of a stored image. */
export function quotedOverlapDocx(): Buffer {
  return quotedOverlap(docxFrameEntries(), 'word/media/image1.png', smallEntry('word/document.xml', docxDocumentXml([CARD])));
}

/** A DOCX with gaps between its entries. */
export function docxWithGaps(gap: number): Buffer {
  return assembleZip([...docxFrameEntries(), smallEntry('word/document.xml', docxDocumentXml([CARD]))], gap);
}
