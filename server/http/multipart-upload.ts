// Reads one multipart/form-data upload with busboy: a single file part held in memory (at most
// limitBytes, 413 beyond) and a few short text fields. Anything malformed is a 422, never a 500.
import busboy from 'busboy';
import type { Request } from 'express';
import { PayloadTooLargeError, RequestValidationError } from '../../shared/errors.ts';

export interface Upload {
  /** The file part named `fileField`, or null when the request had none. */
  file: { filename: string; data: Buffer } | null;
  fields: Record<string, string>;
}

const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 4096;

function invalid(msg: string, loc: (string | number)[] = ['body'], type = 'value_error'): RequestValidationError {
  return new RequestValidationError([{ loc, msg, type }]);
}

export function readUpload(req: Request, opts: { fileField: string; limitBytes: number }): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: opts.limitBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(invalid('Send the file as multipart/form-data with a "file" part (curl -F file=@report.xlsx)', ['body'], 'missing'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Upload['file'] = null;
    let failed: Error | null = null;
    const fail = (err: Error) => {
      if (failed) return;
      failed = err;
      req.unpipe(parser);
      req.resume(); // drain the rest, so the answer can be sent on a healthy connection
      reject(err);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== opts.fileField || file !== null) {
        stream.resume();
        if (name === opts.fileField) fail(invalid('Only one file per request', ['body', name]));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(new PayloadTooLargeError(opts.limitBytes)));
      stream.on('error', (err: Error) => fail(invalid(`Malformed multipart body: ${err.message}`)));
      stream.on('close', () => {
        if (!failed) file = { filename: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(invalid(`Field longer than ${MAX_FIELD_BYTES} bytes`, ['body', name], 'string_too_long'));
      else fields[name] = value;
    });
    parser.on('fieldsLimit', () => fail(invalid(`More than ${MAX_FIELDS} fields`)));
    parser.on('partsLimit', () => fail(invalid(`More than ${MAX_FIELDS + 1} parts`)));
    parser.on('filesLimit', () => fail(invalid('Only one file per request', ['body', opts.fileField])));
    parser.on('error', (err: Error) => fail(invalid(`Malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      if (!failed) resolve({ file, fields });
    });
    req.on('error', (err) => reject(err));
    req.pipe(parser);
  });
}
