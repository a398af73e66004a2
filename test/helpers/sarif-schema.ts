// The SARIF 2.1.0 JSON schema checked in under test/fixtures/sarif (its README says where it comes
// from), compiled with Ajv for draft-04 with format checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

export function sarifValidator() {
  // CommonJS packages: their classes are the `default` export of module.exports. The schema's
  // `language` pattern is not valid as a Unicode regular expression, hence unicodeRegExp: false.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
}
