// Extraction outcome types: every extraction ends as one of these results, never as a thrown error.

/** Extractor families; `formats.ts` maps file extensions to them. */
export const EXTRACT_FORMATS = ['pdf', 'docx', 'text', 'xlsx', 'pptx', 'odf', 'rtf', 'html', 'mail', 'archive', 'doc', 'xls', 'image'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export type ExtractFailureCode =
  | 'unsupported'
  | 'too_large'
  | 'timeout'
  | 'memory'
  | 'encrypted'
  | 'corrupt'
  | 'binary'
  | 'unreadable'
  | 'bomb'
  /** The file holds no text layer (a scanned page, an image-only archive) and nothing could read it. */
  | 'no_text'
  /** Pages or images without a text layer, with `extract.ocr.enabled` off. */
  | 'ocr_disabled';

/** Where a member of a container (archive, mail, nested document) starts in the extracted text. */
export interface MemberSpan {
  member: string;
  offset: number;
}

/** A member of a container that could not be read; the rest of the container still was. */
export interface UnreadMember {
  member: string;
  code: ExtractFailureCode;
  reason: string;
}

export type ExtractionResult =
  | {
      ok: true;
      format: ExtractFormat;
      text: string;
      pages?: number;
      bytes: number;
      truncated?: boolean;
      /** Containers: where each member's text starts (findings can name the member they came from). */
      members?: MemberSpan[];
      /** Containers: members that could not be read (encrypted, corrupt, unsupported), with their reason. */
      unread?: UnreadMember[];
      /** Pages (or images) whose text came from OCR. */
      ocrPages?: number;
      /** PDF pages without a text layer left unread because OCR is off (the other pages' text is kept). */
      unreadPages?: number;
    }
  | { ok: false; format: ExtractFormat | null; code: ExtractFailureCode; reason: string };

export type ExtractionFailure = Extract<ExtractionResult, { ok: false }>;

/** Longest reason kept on a failure; library messages can be long and must stay log-friendly. */
const MAX_REASON_CHARS = 300;

export function failure(format: ExtractFormat | null, code: ExtractFailureCode, reason: string): ExtractionFailure {
  const clean = reason.replace(/\s+/g, ' ').trim();
  return {
    ok: false,
    format,
    code,
    reason: clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS - 1)}…` : clean,
  };
}

/** Thrown inside extractors when the failure code is already known; converted to a result at the boundary. */
export class ExtractError extends Error {
  readonly code: ExtractFailureCode;
  constructor(code: ExtractFailureCode, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'ExtractError';
    this.code = code;
  }
}
