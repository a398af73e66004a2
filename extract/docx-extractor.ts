// DOCX text extraction with mammoth, after the zip-bomb guard has vetted the archive.
import mammoth from 'mammoth';
import { checkDocx, DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { ExtractError } from './extraction-result.ts';

export async function extractDocx(data: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS): Promise<string> {
  await checkDocx(data, limits);
  try {
    // Buffer input: mammoth never touches the file system, and external file access stays disabled.
    const result = await mammoth.extractRawText({ buffer: data });
    return result.value;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof RangeError) throw new ExtractError('corrupt', `DOCX too deeply nested or too large: ${message}`, { cause: err });
    throw new ExtractError('corrupt', `DOCX parse failed: ${message}`, { cause: err });
  }
}
