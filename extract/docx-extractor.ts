// DOCX text from the XML parts the zip-bomb guard kept for it while vetting the archive (so each part
// is inflated once): the body as mammoth's raw text gives it, read by docx-body-text.ts from the main
// part (mammoth itself only for the parts that need its tables); then the parts raw text leaves out
// (footnotes, endnotes, comments, headers, footers) by SAX.
import { DEFAULT_CONTAINER_LIMITS, displayName, InflateBudget } from './container-limits.ts';
import { docxBodyText, type DocxBodyText, MalformedXmlError, mainDocumentPath, mainDocumentTargets, WORD_MAIN_PART } from './docx-body-text.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS, type DocxGuardLimits, isXmlPart, type KeepPart, type VettedDocx } from './docx-guard.ts';
import { ExtractError } from './extraction-result.ts';
import { storedZip } from './stored-zip.ts';
import { xmlText } from './xml-text.ts';
import { nameKey } from './zip-directory.ts';
import { openZip, type ZipArchive } from './zip-reader.ts';

const WORD_TEXT = { textTags: new Set(['w:t']), breaks: new Set(['w:p']), tabs: new Set(['w:tab']) };
const SIDE_PARTS = /^word\/(footnotes|endnotes|comments|header\d*|footer\d*)\.xml$/i;
const ROOT_RELS = '_rels/.rels';
const CONTENT_TYPES = '[Content_Types].xml';
/** OOXML part names compare ignoring ASCII case (the guard refuses names equal so). */
const key = (name: string) => nameKey(name, 'unique-ignoring-ascii-case');

/** The parts this reader reads wherever the relationships point: the root relationships, the main part where Word puts it, the side parts. */
function readsPart(name: string): boolean {
  const k = key(name);
  return k === ROOT_RELS || k === WORD_MAIN_PART || SIDE_PARTS.test(name);
}

/** What the guard keeps for this reader, and the main part's name, from the root relationships read once. */
export interface DocxMainPart {
  /**
   * For the guard: readsPart, and the main part the relationships name elsewhere when they came before
   * it in the archive (Word writes them first). A main part listed before them, or not named *.xml
   * (the guard holds only XML parts, which it bounds by maxXmlBytes), is inflated again when read.
   */
  readonly keep: KeepPart;
  /** The main part, as mammoth finds it. */
  path(parts: DocxParts): string;
}

export function docxMainPart(): DocxMainPart {
  let targets: readonly string[] | undefined;
  // One root relationships part per package (repeated names are refused), so its targets are read once.
  const targetsIn = (rels: Buffer | undefined) => (targets ??= mainDocumentTargets(rels === undefined ? null : rels.toString('utf8')));
  return {
    keep: (name, kept) => readsPart(name) || (kept.has(ROOT_RELS) && targetsIn(kept.get(ROOT_RELS)).includes(name)),
    path: (parts) => mainDocumentPath(targetsIn(parts.has(ROOT_RELS) ? parts.read(ROOT_RELS) : undefined), parts.has),
  };
}

/**
 * The parts this reader reads: those the guard kept, else (a main part named elsewhere and listed before
 * the relationships, a part past the guard's maxKeptBytes) inflated here, one at a time.
 */
export interface DocxParts {
  readonly names: readonly string[];
  has(name: string): boolean;
  read(name: string): Buffer;
}

function docxParts(data: Buffer, vetted: VettedDocx, limits: DocxGuardLimits): DocxParts {
  let zip: ZipArchive | undefined;
  const names = vetted.entries.map((e) => e.name);
  const present = new Set(names.map(key));
  const keptByKey = new Map([...vetted.xmlParts].map(([name, data]) => [key(name), data]));
  return {
    names,
    has: (name) => present.has(key(name)),
    read(name) {
      const kept = keptByKey.get(key(name));
      if (kept !== undefined) return kept;
      // The guard has inflated every entry for real against these limits; the budget bounds these reads too.
      zip ??= openZip(data, new InflateBudget({ ...DEFAULT_CONTAINER_LIMITS, maxMembers: limits.maxEntries, maxInflatedBytes: limits.maxXmlBytes, maxRatio: limits.maxRatio, ratioMinBytes: limits.ratioMinBytes }), 'unique-ignoring-ascii-case');
      return zip.read(zip.find(name)!);
    },
  };
}

/** Footnotes, endnotes, comments, headers and footers, in that order; the guard has bounded their size. */
function sideText(parts: DocxParts): string {
  const names = parts.names.filter((n) => SIDE_PARTS.test(n)).sort((a, b) => a.localeCompare(b));
  return names.map((n) => xmlText(parts.read(n), WORD_TEXT).trim()).filter((t) => t !== '').join('\n\n');
}

/**
 * The names mammoth looks up by exact spelling (JSZip), by their case-insensitive key: the package
 * relationships and content types as the format names them, the main part as the relationships name
 * it, and its relationships part as mammoth derives that name from it. An entry spelled otherwise
 * (part names compare ignoring ASCII case) is renamed so in the rebuilt zip, so mammoth reads what
 * this reader reads instead of failing on a part it cannot find.
 */
function mammothSpelling(main: string): ReadonlyMap<string, string> {
  const slash = main.lastIndexOf('/');
  const mainRels = `${main.slice(0, slash + 1)}_rels/${main.slice(slash + 1)}.rels`;
  return new Map([ROOT_RELS, CONTENT_TYPES, main, mainRels].map((n) => [key(n), n]));
}

/**
 * mammoth's raw text of the body, for the few parts docx-body-text.ts hands back (loaded only then).
 * mammoth reads the zip with JSZip, which names entries differently than zip-directory.ts in corner
 * cases (local header names, Unicode Path fields, prepended data): it is never given the original
 * bytes, only a stored zip rebuilt from the XML parts and the main part as this reader reads them,
 * all bounded by the guard. Media is left out: raw text does not read it.
 */
async function mammothBodyText(parts: DocxParts, main: string): Promise<string> {
  const names = parts.names.filter((n) => isXmlPart(n) || key(n) === key(main));
  const spelled = mammothSpelling(main);
  const rebuilt = storedZip(names.map((n) => [spelled.get(key(n)) ?? n, parts.read(n)] as const));
  const mammoth = (await import('mammoth')).default;
  // Buffer input: mammoth never touches the file system, and external file access stays disabled.
  return (await mammoth.extractRawText({ buffer: rebuilt })).value;
}

/** The body's raw text: the main part read here, or by mammoth when the part needs it. */
async function bodyText(parts: DocxParts, main: string): Promise<string> {
  if (!parts.has(main)) throw new ExtractError('corrupt', 'DOCX parse failed: Could not find main document part. Are you sure this is a valid .docx file?');
  let body: DocxBodyText;
  try {
    body = docxBodyText(parts.read(main).toString('utf8'));
  } catch (err) {
    if (err instanceof MalformedXmlError) throw new ExtractError('corrupt', `DOCX main part ${displayName(main)} is ${err.message}`, { cause: err });
    throw err;
  }
  return 'text' in body ? body.text : mammothBodyText(parts, main);
}

export async function extractDocx(data: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS): Promise<string> {
  const mainPart = docxMainPart();
  const vetted = await checkDocx(data, limits, mainPart.keep);
  try {
    const parts = docxParts(data, vetted, limits);
    const body = await bodyText(parts, mainPart.path(parts));
    const side = sideText(parts);
    return side === '' ? body : `${body}\n\n${side}`;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof RangeError) throw new ExtractError('corrupt', `DOCX too deeply nested or too large: ${message}`, { cause: err });
    throw new ExtractError('corrupt', `DOCX parse failed: ${message}`, { cause: err });
  }
}
