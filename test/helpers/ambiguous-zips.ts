// DOCX files that another zip reader (JSZip, inside mammoth) would read differently than Assay's
// zip-directory.ts: an alias name, a local header naming another part, a Unicode Path field, a second
// directory behind prepended data. Each holds a card number in word/document.xml, whose w:sym routes
// the body to mammoth, and "nothing here" in a second entry that JSZip would take for the main part.
// No vitest here: the hostile corpus (hostile-containers.ts) uses it too.
import { crc32 } from 'node:zlib';
import { docxDocumentXml, docxFrameEntries, type RawZipEntry, smallEntry, zipCentralRecord, zipEndRecord, zipLocalRecord } from './documents.ts';
import type { HostileFile } from './hostile-documents.ts';

const CARD = 'Card 4111 1111 1111 1111';
const SYMBOL = '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>';
const MAIN = 'word/document.xml';

/** The main part: a card number, and a symbol that only mammoth reads. */
export const cardWithSymbol = (): RawZipEntry => smallEntry(MAIN, docxDocumentXml([CARD]).replace('</w:body>', `${SYMBOL}</w:body>`));
const decoy = (name: string): RawZipEntry => smallEntry(name, docxDocumentXml(['nothing here']));

interface Entry extends RawZipEntry {
  /** The name in the local header, when it differs from the central one. */
  readonly localName?: string;
  /** An Info-ZIP Unicode Path extra field (0x7075) in the central header. */
  readonly unicodePath?: string;
}

const localHeader = (e: Entry): Buffer => zipLocalRecord(e, e.localName);

function centralHeader(e: Entry, offset: number): Buffer {
  if (e.unicodePath === undefined) return zipCentralRecord(e, offset);
  const path = Buffer.from(e.unicodePath, 'utf8');
  const extra = Buffer.alloc(9 + path.length);
  extra.writeUInt16LE(0x7075, 0);
  extra.writeUInt16LE(5 + path.length, 2);
  extra.writeUInt8(1, 4); // version
  extra.writeUInt32LE(crc32(Buffer.from(e.name, 'utf8')), 5);
  path.copy(extra, 9);
  return zipCentralRecord(e, offset, extra);
}

function zipOf(entries: readonly Entry[]): Buffer {
  const locals = entries.map(localHeader);
  const offsets = locals.map((_, i) => locals.slice(0, i).reduce((sum, l) => sum + l.length, 0));
  const directory = Buffer.concat(entries.map((e, i) => centralHeader(e, offsets[i]!)));
  const dataEnd = locals.reduce((sum, l) => sum + l.length, 0);
  return Buffer.concat([...locals, directory, zipEndRecord(entries.length, directory.length, dataEnd)]);
}

/**
 * Two complete directories in one file. The end record points at the first, which lists the card;
 * the second, after it, lists the decoy at offsets shifted by the padding in front. JSZip sees the
 * directory does not end where the end record is, takes the gap as prepended data and reads the second.
 */
function twoDirectories(): Buffer {
  const [types, rels] = docxFrameEntries();
  const card = cardWithSymbol();
  const hidden = decoy(MAIN);
  const ours = [types!, rels!, card];
  const theirs = [types!, rels!, hidden];
  const padding = ours.reduce((sum, e) => sum + centralHeader(e, 0).length, 0);
  const locals = [...ours, hidden].map(localHeader);
  const offsets = locals.map((_, i) => padding + locals.slice(0, i).reduce((sum, l) => sum + l.length, 0));
  const oursDirectory = Buffer.concat(ours.map((e, i) => centralHeader(e, offsets[i]!)));
  const theirOffsets = [offsets[0]!, offsets[1]!, offsets[3]!].map((o) => o - padding);
  const theirDirectory = Buffer.concat(theirs.map((e, i) => centralHeader(e, theirOffsets[i]!)));
  const directoryAt = offsets[3]! + locals[3]!.length;
  return Buffer.concat([Buffer.alloc(padding), ...locals, oursDirectory, theirDirectory, zipEndRecord(ours.length, oursDirectory.length, directoryAt)]);
}

/** What each file is refused for, as zip-directory.ts words it. */
export interface AmbiguousDocx extends HostileFile {
  readonly reason: string;
}

export function ambiguousDocxFiles(): AmbiguousDocx[] {
  const withCard = (extra: readonly Entry[]) => zipOf([...docxFrameEntries(), cardWithSymbol(), ...extra]);
  const alias = (n: number, name: string, problem: string, shown = name): AmbiguousDocx => ({
    name: `alias-${n}.docx`,
    expect: 'corrupt',
    data: withCard([decoy(name)]),
    what: `the main part again as ${name}, which JSZip resolves to ${MAIN}`,
    reason: `invalid zip: entry name ${shown} ${problem}`,
  });
  return [
    alias(1, 'word/./document.xml', 'has an empty, . or .. segment'),
    alias(2, './word/document.xml', 'has an empty, . or .. segment'),
    alias(3, 'x/../word/document.xml', 'has an empty, . or .. segment'),
    alias(4, 'word//document.xml', 'has an empty, . or .. segment'),
    alias(5, '/word/document.xml', 'starts with /'),
    alias(6, 'word\\document.xml', 'holds a backslash'),
    alias(7, 'word/document.xml\u0001', 'holds a control character', 'word/document.xml?'),
    {
      name: 'local-name.docx',
      expect: 'corrupt',
      data: withCard([{ ...decoy('word/unused.xml'), localName: MAIN }]),
      what: `an entry whose local header names ${MAIN}`,
      reason: 'invalid zip: local header of word/unused.xml names another entry',
    },
    {
      name: 'unicode-path.docx',
      expect: 'corrupt',
      data: withCard([{ ...decoy('word/unused.bin'), unicodePath: MAIN }]),
      what: `an entry whose Unicode Path field names ${MAIN}`,
      reason: `invalid zip: entry word/unused.bin has a Unicode Path field naming ${MAIN}`,
    },
    {
      name: 'two-directories.docx',
      expect: 'corrupt',
      data: twoDirectories(),
      what: 'a second directory, listing a decoy main part, behind data before the archive',
      reason: 'invalid zip: central directory does not end where the end record says (data before the archive?)',
    },
  ];
}
