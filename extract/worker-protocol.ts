// Messages between the extractor pool and its worker threads.
import type { ExtractLimits } from './extract-file.ts';
import type { ExtractFormat, ExtractionResult } from './extraction-result.ts';

export type WorkerConfig = ExtractLimits;

export interface ExtractRequest {
  type: 'extract';
  id: number;
  /** The file to read, or (with data) the name of an upload, which gives the type of its members. */
  path: string;
  /** Bytes already in memory (an upload); transferred, not copied. */
  data?: Uint8Array;
  format: ExtractFormat;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: ExtractionResult }
  /** pdf.js has loaded, on this job's PDF (the first of the thread): the file's time budget starts now. */
  | { type: 'loaded'; id: number }
  /** OCR starts on this job's file: from now on the file has extract.ocr.file_timeout_ms in all. */
  | { type: 'ocr'; id: number }
  /** Console output of the libraries (pdf.js warnings and the like), forwarded instead of printed. */
  | { type: 'console'; method: string; text: string };
