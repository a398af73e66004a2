// Findings of archives and mail delivered by the agent name their member (`reports/q3.txt`), as
// those of POST /classify/file do: the agent sends where each member's text starts (`members`,
// shifted when it condenses a long text) and the server names them in one place. Bad `members`
// in a POST /classify body are refused with 422.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Asset } from '../shared/api/schemas.ts';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import { makeDocx } from './helpers/documents.ts';
import { makeEml, makeTgz, makeZip } from './helpers/office-documents.ts';
import { call } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();
const IBAN = 'IBAN DE89 3704 0044 0532 0130 00';
const SSN = 'SSN 536-90-4399';
/** Neutral text: long enough to make the agent condense a file to its 4096-character content limit. */
const FILLER = Array.from({ length: 600 }, (_, i) => `Minutes of meeting ${i}: the committee reviewed the schedule.`).join('\n');

/** detector → the members its samples name, in order. */
function membersOf(asset: Asset): Record<string, (string | undefined)[]> {
  const out: Record<string, (string | undefined)[]> = {};
  for (const s of asset.findings.flatMap((f) => f.samples)) (out[s.detector] ??= []).push(s.member);
  return out;
}

describe('agent deliveries name the container member of each finding', () => {
  it('as the upload endpoint does, also when the agent condenses the text', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { limits: { content_chars: 4096 } } });
    const files: Record<string, Buffer> = {
      'reports.zip': await makeZip({ 'readme.txt': 'Nothing to see.', 'q3/hr.txt': IBAN, 'nested/inner.zip': await makeZip({ 'pay.txt': SSN }) }),
      'payroll.eml': makeEml({ subject: 'Pay', text: 'See the attachment.', attachments: [{ name: 'pay.docx', mime: 'application/octet-stream', data: await makeDocx(['Payroll', IBAN]) }] }),
      // Longer than the agent's content limit: sent condensed, the IBAN far from the head.
      'backup.tar.gz': makeTgz({ 'a/minutes.txt': FILLER, 'b/more-minutes.txt': FILLER, 'c/bank.txt': IBAN, 'd/tail.txt': FILLER }),
      'plain.txt': Buffer.from(IBAN),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(watchDir, name), data);
    cleanup.track(await startTestAgent(settings()));
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return Object.keys(files).every((n) => a.has(nameOf(join(watchDir, n)))) ? a : undefined;
    }, 'every file in the inventory', 90_000);
    const delivered = (n: string) => membersOf(assets.get(nameOf(join(watchDir, n)))!);

    expect(delivered('reports.zip')).toMatchObject({ iban: ['q3/hr.txt'], 'us-ssn': ['nested/inner.zip/pay.txt'] });
    expect(delivered('payroll.eml')).toMatchObject({ iban: ['pay.docx'] });
    expect(delivered('backup.tar.gz')).toMatchObject({ iban: ['c/bank.txt'] });
    expect(delivered('plain.txt').iban).toEqual([undefined]);

    // The same files uploaded name the same members.
    for (const name of ['reports.zip', 'payroll.eml', 'backup.tar.gz']) {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(files[name]!)]), name);
      const res = await fetch(`${server.api}/classify/file`, { method: 'POST', headers: { 'X-API-Key': key }, body: form });
      expect(res.status).toBe(201);
      const uploaded = membersOf((await res.json()) as Asset);
      for (const detector of ['iban', 'us-ssn']) expect({ name, detector, members: delivered(name)[detector]?.slice(0, 1) }).toEqual({ name, detector, members: uploaded[detector]?.slice(0, 1) });
    }
  }, 150_000);
});

describe('POST /classify with members', () => {
  it('names the member of each sample, and refuses members that do not fit the content', async () => {
    const { server, key } = await setUpAgentTest(cleanup);
    const content = `intro\n${IBAN}\n`;
    const post = (json: unknown) => call(`${server.api}/classify`, { method: 'POST', key, json });
    const ok = await post({ name: 'archive.zip', content, members: [{ member: 'readme.txt', offset: 0 }, { member: 'q3/hr.txt', offset: 6 }] });
    expect(ok.status).toBe(201);
    expect(membersOf(ok.body as Asset)).toMatchObject({ iban: ['q3/hr.txt'] });
    const none = await post({ name: 'plain.txt', content });
    expect(membersOf(none.body as Asset).iban).toEqual([undefined]);

    const bad: [string, unknown][] = [
      ['offset past the end', [{ member: 'a', offset: content.length + 1 }]],
      ['out of order', [{ member: 'a', offset: 6 }, { member: 'b', offset: 0 }]],
      ['negative offset', [{ member: 'a', offset: -1 }]],
      ['fractional offset', [{ member: 'a', offset: 1.5 }]],
      ['empty member', [{ member: '', offset: 0 }]],
      ['member too long', [{ member: 'x'.repeat(1025), offset: 0 }]],
      ['not an array', { member: 'a', offset: 0 }],
      ['too many', Array.from({ length: 10_001 }, () => ({ member: 'a', offset: 0 }))],
    ];
    for (const [why, members] of bad) {
      const res = await post({ name: 'bad.zip', content, members });
      expect({ why, status: res.status, detail: Array.isArray((res.body as { detail?: unknown }).detail) }).toEqual({ why, status: 422, detail: true });
    }
  });
});
