// Extracts the text of bytes already in memory by format; containers (archives, mail) recurse into
// their members against one InflateBudget, so depth, count and inflated bytes are bounded per file.
import { archiveMembers, type Member } from './archive-extractor.ts';
import { displayName, InflateBudget } from './container-limits.ts';
import { DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { ExtractError, type ExtractFailureCode, type ExtractFormat, type MemberSpan, type UnreadMember } from './extraction-result.ts';
import { formatForPath } from './formats.ts';
// Evaluated before pdf.js ever is, so it keeps the natives that pdf.js's polyfills replace.
import './native-builtins.ts';
import { DEFAULT_OCR_LIMITS } from './ocr-engine.ts';
import { extractMarkup } from './html-extractor.ts';
import { extractOdf } from './odf-extractor.ts';
import { extractImage } from './image-extractor.ts';
import type { PdfOcr } from './pdf-ocr.ts';
import { extractPptx } from './pptx-extractor.ts';
import { extractRtf } from './rtf-extractor.ts';
import { extractText } from './text-extractor.ts';
import { extractXlsx } from './xlsx-extractor.ts';

export interface Extracted {
  text: string;
  pages?: number;
  members?: MemberSpan[];
  unread?: UnreadMember[];
}

export interface BufferContext {
  budget: InflateBudget;
  docx: DocxGuardLimits;
  /** Containers enclosing this data (0 for the file itself). */
  depth: number;
  /** OCR for images and PDF pages without a text layer; null: none in this thread (counted as off). */
  ocr: PdfOcr | null;
  /** Pages and images of the whole file read by OCR, and PDF pages left unread because OCR is off (shared by members). */
  ocrPages: number;
  unreadPages: number;
}

export function newContext(budget: InflateBudget, docx: DocxGuardLimits = DEFAULT_DOCX_LIMITS, ocr: PdfOcr | null = null): BufferContext {
  return { budget, docx, depth: 0, ocr, ocrPages: 0, unreadPages: 0 };
}

/** The counters live on the file's context, so members' pages add up there too. */
function memberContext(ctx: BufferContext): BufferContext {
  return Object.assign(Object.create(ctx) as BufferContext, { depth: ctx.depth + 1 });
}

/** Codes that stop the whole file (a member that is a bomb makes the file a bomb); others only skip the member. */
const FATAL: ReadonlySet<ExtractFailureCode> = new Set(['bomb', 'memory', 'timeout']);
/** When no member gave text, the file fails with the first of these codes its members had. */
const CODE_ORDER: readonly ExtractFailureCode[] = ['encrypted', 'corrupt', 'too_large', 'binary', 'unreadable', 'no_text', 'unsupported'];

async function joinMembers(head: string, members: readonly Member[], ctx: BufferContext): Promise<Extracted> {
  let text = head;
  const spans: MemberSpan[] = [];
  const unread: UnreadMember[] = [];
  let readable = 0;
  for (const m of members) {
    const member = displayName(m.name);
    const format = formatForPath(m.name);
    let sub: Extracted;
    try {
      if (m.error) throw m.error;
      if (format === null) throw new ExtractError('unsupported', 'no extractor for this member type');
      sub = await extractBuffer(m.data!, format, m.name, memberContext(ctx));
    } catch (err) {
      if (!(err instanceof ExtractError) || FATAL.has(err.code)) throw err;
      unread.push({ member, code: err.code, reason: err.message });
      continue;
    }
    for (const u of sub.unread ?? []) unread.push({ ...u, member: `${member}/${u.member}` });
    if (sub.text.trim() === '') continue;
    readable++;
    text += `${text === '' ? '' : '\n\n'}=== ${member} ===\n`;
    spans.push({ member, offset: text.length });
    for (const s of sub.members ?? []) spans.push({ member: `${member}/${s.member}`, offset: text.length + s.offset });
    text += sub.text;
  }
  if (readable === 0 && head.trim() === '' && unread.length > 0) {
    const code = CODE_ORDER.find((c) => unread.some((u) => u.code === c)) ?? 'corrupt';
    const first = unread.find((u) => u.code === code)!;
    const reason = code === 'unsupported' ? `no member holds readable text (${unread.length} of an unsupported type, e.g. ${first.member})` : `${first.member}: ${first.reason}`;
    throw new ExtractError(code === 'unsupported' ? 'no_text' : code, reason);
  }
  return { text, members: spans, ...(unread.length > 0 ? { unread } : {}) };
}

function enterContainer(ctx: BufferContext, name: string): void {
  if (ctx.depth + 1 > ctx.budget.limits.maxDepth) {
    throw new ExtractError('bomb', `containers nested deeper than ${ctx.budget.limits.maxDepth} levels (at ${displayName(name)})`);
  }
}

/** Text of data in the given format; throws ExtractError. name gives member types and the mail flavour. */
export async function extractBuffer(data: Buffer, format: ExtractFormat, name: string, ctx: BufferContext): Promise<Extracted> {
  if (data.length === 0) return { text: '' };
  switch (format) {
    case 'pdf': {
      // Pages without a text layer go to OCR; with OCR off or absent, readPdfPages refuses a PDF
      // that has no text at all (ocr_disabled) and counts the pages it left unread.
      const { text, pages, ocrPages, unreadPages } = await (await import('./pdf-extractor.ts')).extractPdf(data, ctx.ocr);
      ctx.ocrPages += ocrPages;
      ctx.unreadPages += unreadPages;
      if (pages > 0 && text.trim() === '') throw new ExtractError('no_text', `PDF has ${pages} page(s) and no readable text`);
      return { text, pages };
    }
    case 'image': {
      ctx.ocr?.onStart();
      // Without an engine (ctx.ocr null) extractImage refuses the image as ocr_disabled.
      const { text, pages } = await extractImage(data, ctx.ocr?.limits ?? DEFAULT_OCR_LIMITS, ctx.ocr?.engine ?? null);
      ctx.ocrPages += pages;
      return { text, pages };
    }
    case 'docx':
      return { text: await (await import('./docx-extractor.ts')).extractDocx(data, ctx.docx) };
    case 'xlsx':
      return { text: extractXlsx(data, ctx.budget) };
    case 'pptx':
      return { text: extractPptx(data, ctx.budget) };
    case 'odf':
      return { text: extractOdf(data, ctx.budget) };
    case 'rtf':
      return { text: extractRtf(data) };
    case 'html':
      return { text: extractMarkup(data, name) };
    // Mail and .doc libraries load on first use, so they do not slow every worker's start.
    case 'doc':
      return { text: await (await import('./doc-extractor.ts')).extractDoc(data) };
    case 'xls':
      return { text: (await import('./xls-extractor.ts')).extractXls(data) };
    case 'mail': {
      enterContainer(ctx, name);
      const mail = await (await import('./mail-extractor.ts')).parseMail(data, name);
      return joinMembers(mail.text, mail.attachments, ctx);
    }
    case 'archive':
      enterContainer(ctx, name);
      return joinMembers('', archiveMembers(data, name, ctx.budget), ctx);
    case 'text':
      return { text: extractText(data) };
  }
}
