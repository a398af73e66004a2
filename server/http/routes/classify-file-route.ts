// POST /classify/file: a document uploaded as multipart/form-data (`file`, optional `name` and
// `asset_type`), its text extracted in the extraction worker pool, classified and stored like
// POST /classify (source `api`). A file that cannot be read is stored with its reason.
import { Router } from 'express';
import { z } from 'zod';
import { NAME_MAX, UNREADABLE_MAX } from '../../../shared/api/schemas.ts';
import { RequestValidationError } from '../../../shared/errors.ts';
import { ALL_FORMATS, extensionOf, formatForPath } from '../../../extract/formats.ts';
import type { ExtractorPool } from '../../../extract/extractor-pool.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import type { ClassificationService } from '../../services/classification-service.ts';
import { setBodyReader } from '../json-body.ts';
import { readUpload } from '../multipart-upload.ts';
import { validate } from '../validation.ts';

export const classifyFileFieldsSchema = z.object({
  name: z.string().min(1).max(NAME_MAX).optional().meta({ description: 'Asset name; defaults to the uploaded file name' }),
  asset_type: z.string().max(64).optional().meta({ description: 'Defaults to `document`' }),
});

export function classifyFileRoute(deps: { classifier: ClassificationService; extractor: ExtractorPool; uploadBytes: number }): Router {
  const router = Router();
  router.post('/classify/file', async (req, res) => {
    setBodyReader(res, 'multipart'); // for the request's log line, even when the upload is refused
    const upload = await readUpload(req, { fileField: 'file', limitBytes: deps.uploadBytes });
    const fields = validate(classifyFileFieldsSchema, upload.fields, 'body');
    if (upload.file === null) throw new RequestValidationError([{ loc: ['body', 'file'], msg: 'Field required: send the document as a "file" part (curl -F file=@report.xlsx)', type: 'missing' }]);
    const name = fields.name ?? upload.file.filename;
    if (!name) throw new RequestValidationError([{ loc: ['body', 'name'], msg: 'Field required when the file part has no file name', type: 'missing' }]);
    // The type comes from the uploaded file's name (the asset name may be anything).
    const typeFrom = upload.file.filename || name;
    if (formatForPath(typeFrom) === null) {
      const ext = extensionOf(typeFrom);
      throw new RequestValidationError([{ loc: ['body', 'file'], msg: `Unsupported file type ${ext ? `".${ext}"` : '(no extension)'}; supported families: ${ALL_FORMATS.join(', ')} (see docs/agent.md)`, type: 'unsupported_type' }]);
    }
    // A busy server refuses the upload before extracting it, not after (docs/api.md, Busy).
    deps.classifier.refuseIfBusy();
    const extraction = await deps.extractor.extractData(upload.file.data, typeFrom);
    const input = extraction.ok
      ? { name, asset_type: fields.asset_type ?? 'document', content: extraction.text, source: 'api' as const, members: extraction.members }
      : { name, asset_type: fields.asset_type ?? 'document', source: 'api' as const, unreadable: `${extraction.code}: ${extraction.reason}`.slice(0, UNREADABLE_MAX) };
    const { asset } = await deps.classifier.classifyAndStore(authOf(res).workspace, input, 'refuse');
    res.status(201).json(asset);
  });
  return router;
}
