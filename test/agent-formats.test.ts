// The acceptance of issue #11 through the real agent: a folder holding one file of each supported
// format, each with an IBAN, gives every file at least Confidential in GET /api/v1/assets; an
// encrypted zip appears with its reason; agent status counts the file type it does not read.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { makeEml, makeOdf, makePptx, makeRtf, makeTgz, makeXlsx, makeZip, odfParagraph } from './helpers/office-documents.ts';

const cleanup = cleanupAfterEach();
const IBAN = 'IBAN DE89 3704 0044 0532 0130 00';
const FIXTURES = join(import.meta.dirname, 'fixtures', 'office');

describe('agent reads every supported format', () => {
  it('labels one file of each format at least Confidential and records the encrypted zip with its reason', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    const docx = await makeDocx(['Payroll', IBAN]);
    const files: Record<string, Buffer> = {
      'a.pdf': await makePdf([IBAN]),
      'b.docx': docx,
      'c.xlsx': await makeXlsx([{ name: 'One', rows: [['x']] }, { name: 'Two', rows: [['Account'], [IBAN]] }]),
      'd.pptx': await makePptx([{ text: ['Deck'], notes: [IBAN] }]),
      'e.odt': await makeOdf('odt', odfParagraph(IBAN)),
      'f.rtf': makeRtf([IBAN]),
      'g.html': Buffer.from(`<p>${IBAN}</p>`),
      'h.eml': makeEml({ subject: 'Pay', text: 'attached', attachments: [{ name: 'pay.docx', mime: 'application/octet-stream', data: docx }] }),
      'i.zip': await makeZip({ 'reports/inner.zip': await makeZip({ 'q3.txt': IBAN }) }),
      'j.tar.gz': makeTgz({ 'backup/q3.txt': IBAN }),
      'k.txt': Buffer.from(IBAN),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(watchDir, name), data);
    for (const f of ['memo.doc', 'hr.xls', 'hr.ods', 'board.odp']) copyFileSync(join(FIXTURES, f), join(watchDir, f));
    writeFileSync(join(watchDir, 'locked.zip'), await makeZip({ 'salaries.txt': IBAN }, { encrypted: ['salaries.txt'] }));
    writeFileSync(join(watchDir, 'clip.mp4'), Buffer.from([0xff, 0xd8, 0xff]));
    const names = [...Object.keys(files), 'memo.doc', 'hr.xls', 'hr.ods', 'board.odp', 'locked.zip'];

    const agent = cleanup.track(await startTestAgent(settings()));
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return names.every((n) => a.has(nameOf(join(watchDir, n)))) ? a : undefined;
    }, 'every file in the inventory', 90_000);
    for (const n of names) {
      const asset = assets.get(nameOf(join(watchDir, n)))!;
      expect({ n, level: asset.label.level >= 2 }).toEqual({ n, level: true });
      expect(asset.unreadable, n).toBe(n === 'locked.zip' ? asset.unreadable : null);
    }
    expect(assets.get(nameOf(join(watchDir, 'locked.zip')))!.unreadable).toMatch(/^encrypted: /);
    const status = await waitFor(async () => {
      const s = await agent.agent.status();
      return s.scan?.state === 'finished' ? s : undefined;
    }, 'the scan finished');
    expect(status.skipped).toContainEqual({ reason: 'unsupported', count: 1, top_extensions: [{ ext: 'mp4', count: 1 }] });
    expect(status.skipped).toContainEqual({ reason: 'encrypted', count: 1, top_extensions: [{ ext: 'zip', count: 1 }] });
  }, 150_000);
});
