// The body text of a DOCX main part exactly as mammoth's extractRawText gives it (mammoth 1.13,
// lib/docx/body-reader.js and lib/raw-text.js), without mammoth's XML DOM, document model and
// promise chains, and without reading styles, numbering, notes and comments, which raw text never
// shows: the part is scanned once (xml-scan.ts) into a small tree of only the elements mammoth's
// body reader handles, and that tree is turned into text by the same rules:
// - mammoth reads a fixed set of elements and skips every other element with all it contains
//   (deleted runs `w:del`, `w:moveFrom`, properties, `mc:Choice`, DrawingML text boxes);
// - a paragraph is its text followed by "\n\n"; `w:tab` is "\t"; `w:br` adds nothing;
// - a paragraph marked deleted joins the next one; a deleted table row is left out;
// - the continuation cells of a vertical merge are left out when a table holds only rows of cells;
// - VML text boxes (`w:pict`) come after the paragraph that holds them;
// - of `mc:AlternateContent` only `mc:Fallback` is read, of `w:sdt` only `w:sdtContent`.
// mammoth names elements by namespace, this scan by prefix: a part that binds these namespaces to
// other prefixes, or that uses what needs mammoth's tables (`w:sym` dingbats, check-box content
// controls), is reported (`needsMammoth`) so the caller hands that file to mammoth. So is a part
// with a DOCTYPE (OOXML has none): mammoth's parser refuses the entities one would declare (the
// entity bombs and external entities of the hostile corpus), and that outcome is kept as it was.
// A part that is not well-formed XML (a tag cut off, mismatched or never closed, a second root) is
// refused with the first fault, as Word refuses it, instead of reading the text up to the fault;
// mammoth refuses most of these too (a truncated part), and reads a few (a stray close tag) leniently.
import { scanXml } from './xml-scan.ts';

interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Text content, kept for `w:t` only. */
  text: string;
}

/** The part is not well-formed XML; the message names its first fault. */
export class MalformedXmlError extends Error {
  constructor(readonly fault: string) {
    super(`not well-formed XML: ${fault}`);
    this.name = 'MalformedXmlError';
  }
}

/** Body elements mammoth reads, with what it does with their children. */
const TRANSPARENT = new Set([
  'w:hyperlink', 'w:customXml', 'w:ins', 'w:moveFromRangeEnd', 'w:moveFromRangeStart', 'w:moveTo', 'w:moveToRangeEnd',
  'w:moveToRangeStart', 'w:object', 'w:smartTag', 'w:drawing', 'v:roundrect', 'v:shape', 'v:textbox', 'w:txbxContent',
  'v:group', 'v:rect',
]);
const LEAVES = new Set([
  'w:t', 'w:tab', 'w:noBreakHyphen', 'w:softHyphen', 'w:br', 'w:bookmarkStart', 'w:footnoteReference', 'w:endnoteReference',
  'w:commentReference',
]);
const CONTAINERS = new Set(['w:p', 'w:r', 'w:tbl', 'w:tr', 'w:tc', 'w:pict', 'w:sdt', 'mc:AlternateContent']);
/** Property children read by the reader of their parent (deleted paragraphs and rows, cell spans, content-control kind). */
const PROPERTIES: Readonly<Record<string, ReadonlySet<string>>> = {
  'w:p': new Set(['w:pPr']),
  'w:pPr': new Set(['w:rPr']),
  'w:rPr': new Set(['w:del']),
  'w:tr': new Set(['w:trPr']),
  'w:trPr': new Set(['w:del']),
  'w:tc': new Set(['w:tcPr']),
  'w:tcPr': new Set(['w:gridSpan', 'w:vMerge']),
  'w:sdt': new Set(['w:sdtContent', 'w:sdtPr']),
  'mc:AlternateContent': new Set(['mc:Fallback']),
};

/** mammoth's prefixes for the namespaces whose elements this reader knows by name (strict OOXML included). */
const PREFIX_OF: Readonly<Record<string, string>> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
};

export type DocxBodyText = { text: string } | { needsMammoth: string };

function isKept(name: string, parent: XNode, depth: number): boolean {
  if (depth === 1) return name === 'w:body';
  return TRANSPARENT.has(name) || LEAVES.has(name) || CONTAINERS.has(name) || PROPERTIES[parent.name]?.has(name) === true;
}

/** Why the root's namespace declarations make literal prefixes unreliable, or null. */
function namespaceProblem(attrs: Record<string, string>): string | null {
  for (const [attr, uri] of Object.entries(attrs)) {
    const expected = PREFIX_OF[uri];
    if (expected === undefined) continue;
    if (attr === 'xmlns') return `the default namespace is ${uri}`;
    if (attr !== `xmlns:${expected}`) return `${uri} is bound to ${attr.slice(6)}, not ${expected}`;
  }
  return null;
}

/** The part as a tree of the elements mammoth's body reader looks at; null with a reason when mammoth must read it. */
function readTree(xml: string): { root: XNode | null } | { needsMammoth: string } {
  let root: XNode | null = null;
  const stack: XNode[] = [];
  let skipping = 0;
  let problem: string | null = null;
  let fault: string | null = null;
  scanXml(xml, {
    fault(reason) {
      fault ??= reason;
    },
    open(name, attrs) {
      if (skipping > 0 || problem !== null) {
        skipping++;
        return;
      }
      const parent = stack[stack.length - 1];
      if (parent === undefined) {
        if (root !== null) {
          fault ??= 'a second root element';
          skipping++;
          return;
        }
        problem = namespaceProblem(attrs);
        root = { name, attrs, children: [], text: '' };
        stack.push(root);
        return;
      }
      if (name === 'w:sym') problem = 'w:sym (a symbol-font character)';
      else if (parent.name === 'w:sdtPr' && name.endsWith(':checkbox')) problem = 'a check-box content control';
      if (!isKept(name, parent, stack.length)) {
        skipping++;
        return;
      }
      const node: XNode = { name, attrs, children: [], text: '' };
      parent.children.push(node);
      stack.push(node);
    },
    text(text) {
      const top = stack[stack.length - 1];
      if (skipping === 0 && top?.name === 'w:t') top.text += text;
    },
    close() {
      if (skipping > 0) skipping--;
      else stack.pop();
    },
  });
  if (fault !== null) throw new MalformedXmlError(fault);
  return problem !== null ? { needsMammoth: problem } : { root };
}

/** What mammoth's readers return: elements in order, and "extra" elements placed after the enclosing paragraph. */
type Piece = { kind: 'row'; cells: Piece[] } | { kind: 'cell'; text: string; colSpan: number; vMerge: boolean | null } | { kind: 'other'; text: string };
interface Read {
  els: Piece[];
  extra: Piece[];
}

const EMPTY: Read = { els: [], extra: [] };
const other = (text: string): Piece => ({ kind: 'other', text });

function pieceText(p: Piece): string {
  return p.kind === 'row' ? p.cells.map(pieceText).join('') : p.text;
}
const joined = (pieces: readonly Piece[]) => pieces.map(pieceText).join('');
const first = (node: XNode | undefined, name: string) => node?.children.find((c) => c.name === name);

/** mammoth's calculateRowSpans: continuation cells of a vertical merge are dropped, unless the table holds anything but rows of cells. */
function tableText(rows: readonly Piece[]): string {
  const regular = rows.every((r) => r.kind === 'row' && r.cells.every((c) => c.kind === 'cell'));
  if (!regular) return joined(rows);
  const columns = new Set<number>();
  const kept: Piece[] = [];
  for (const row of rows as Array<Extract<Piece, { kind: 'row' }>>) {
    let index = 0;
    for (const cell of row.cells as Array<Extract<Piece, { kind: 'cell' }>>) {
      if (cell.vMerge === true && columns.has(index)) {
        index += cell.colSpan;
        continue;
      }
      columns.add(index);
      kept.push(cell);
      index += cell.colSpan;
    }
  }
  return joined(kept);
}

function bodyReader(): (nodes: readonly XNode[]) => Read {
  // Contents of paragraphs marked deleted, carried into the next paragraph (shared across the part, as in mammoth).
  let deleted: XNode[] = [];

  function readAll(nodes: readonly XNode[]): Read {
    const els: Piece[] = [];
    const extra: Piece[] = [];
    for (const n of nodes) {
      const r = read(n);
      for (const p of r.els) els.push(p);
      for (const p of r.extra) extra.push(p);
    }
    return { els, extra };
  }

  function read(node: XNode): Read {
    const { name } = node;
    if (TRANSPARENT.has(name)) return readAll(node.children);
    switch (name) {
      case 'w:p': {
        if (first(first(first(node, 'w:pPr'), 'w:rPr'), 'w:del') !== undefined) {
          for (const c of node.children) deleted.push(c);
          return EMPTY;
        }
        let children = node.children;
        if (deleted.length > 0) {
          children = deleted.concat(children);
          deleted = [];
        }
        const r = readAll(children);
        return { els: [other(`${joined(r.els)}\n\n`), ...r.extra], extra: [] };
      }
      case 'w:r': {
        const r = readAll(node.children);
        return { els: [other(joined(r.els))], extra: r.extra };
      }
      case 'w:t':
        return { els: [other(node.text)], extra: [] };
      case 'w:tab':
        return { els: [other('\t')], extra: [] };
      case 'w:noBreakHyphen':
        return { els: [other('\u2011')], extra: [] };
      case 'w:softHyphen':
        return { els: [other('\u00AD')], extra: [] };
      case 'w:footnoteReference':
      case 'w:endnoteReference':
      case 'w:commentReference':
        return { els: [other('')], extra: [] };
      case 'w:br': {
        const type = node.attrs['w:type'];
        return type === undefined || type === 'textWrapping' || type === 'page' || type === 'column' ? { els: [other('')], extra: [] } : EMPTY;
      }
      case 'w:bookmarkStart':
        return node.attrs['w:name'] === '_GoBack' ? EMPTY : { els: [other('')], extra: [] };
      case 'w:tbl': {
        const r = readAll(node.children);
        return { els: [other(tableText(r.els))], extra: r.extra };
      }
      case 'w:tr': {
        if (first(first(node, 'w:trPr'), 'w:del') !== undefined) return EMPTY;
        const r = readAll(node.children);
        return { els: [{ kind: 'row', cells: r.els }], extra: r.extra };
      }
      case 'w:tc': {
        const r = readAll(node.children);
        const props = first(node, 'w:tcPr');
        const span = first(props, 'w:gridSpan')?.attrs['w:val'];
        const merge = first(props, 'w:vMerge');
        const vMerge = merge === undefined ? null : merge.attrs['w:val'] === 'continue' || !merge.attrs['w:val'];
        return { els: [{ kind: 'cell', text: joined(r.els), colSpan: span ? parseInt(span, 10) : 1, vMerge }], extra: r.extra };
      }
      case 'w:pict': {
        const r = readAll(node.children);
        return { els: [], extra: [...r.extra, ...r.els] };
      }
      case 'w:sdt':
        return readAll(first(node, 'w:sdtContent')?.children ?? []);
      case 'mc:AlternateContent':
        return readAll(first(node, 'mc:Fallback')?.children ?? []);
      default:
        return EMPTY;
    }
  }
  return readAll;
}

/**
 * The raw text mammoth would give for this main document part, or why mammoth must read it.
 * Throws when the part has no `w:body` (as mammoth does), and MalformedXmlError when it is not well-formed.
 */
export function docxBodyText(xml: string): DocxBodyText {
  if (xml.includes('<!DOCTYPE')) return { needsMammoth: 'a DOCTYPE declaration' };
  const tree = readTree(xml);
  if ('needsMammoth' in tree) return tree;
  const body = first(tree.root ?? undefined, 'w:body');
  if (body === undefined) throw new Error('Could not find the body element: are you sure this is a docx file?');
  return { text: joined(bodyReader()(body.children).els) };
}

/** Where Word writes the main document part, and where mammoth looks when the relationships name none that exists. */
export const WORD_MAIN_PART = 'word/document.xml';

/** The main document parts the package relationships name (officeDocument targets), in order; none without relationships. */
export function mainDocumentTargets(rootRels: string | null): string[] {
  const targets: string[] = [];
  if (rootRels !== null) {
    scanXml(rootRels, {
      open(name, attrs) {
        const local = name.slice(name.indexOf(':') + 1);
        if (local === 'Relationship' && attrs.Type === 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument' && attrs.Target) {
          targets.push(attrs.Target.startsWith('/') ? attrs.Target.slice(1) : attrs.Target);
        }
      },
    });
  }
  return targets;
}

/** The main document part: the first of the relationships' targets that exists, else WORD_MAIN_PART, as mammoth finds it. */
export function mainDocumentPath(targets: readonly string[], exists: (name: string) => boolean): string {
  return targets.find(exists) ?? WORD_MAIN_PART;
}
