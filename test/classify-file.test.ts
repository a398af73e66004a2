// POST /api/v1/classify/file: documents uploaded as multipart/form-data (fetch and curl -F), read in
// the server's extraction workers, classified and stored like POST /classify; bad uploads refused.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../shared/api/schemas.ts';
import { makeDocx } from './helpers/documents.ts';
import { makeEml, makeTgz, makeXlsx, makeZip } from './helpers/office-documents.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const run = promisify(execFile);
const IBAN = 'DE89370400440532013000';
const SSN = '536-90-4399';
const LIMIT = 256 * 1024;

let t: TestServer;
let key: string;
let dir: string;
beforeAll(async () => {
  t = await startTestServer({ limits: { upload_bytes: LIMIT } });
  key = await t.workspaceWithKey('uploads');
  dir = mkdtempSync(join(tmpdir(), 'assay-upload-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(file: Buffer | null, filename: string, fields: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([new Uint8Array(file)]), filename);
  const res = await fetch(`${t.api}/classify/file`, { method: 'POST', headers: { 'X-API-Key': key }, body: form });
  return { status: res.status, body: await res.json() };
}

/** An HR sheet whose SSN and IBAN sit on the second sheet, 150 rows below their column headers. */
function hrSheet(): Promise<Buffer> {
  const rows: (string | number)[][] = [['Name', 'SSN', 'IBAN', 'Salary']];
  for (let i = 0; i < 150; i++) rows.push([`Person ${i}`, i === 140 ? SSN : '', i === 140 ? IBAN : '', 50_000 + i]);
  return makeXlsx([{ name: 'Summary', rows: [['Headcount', 150]] }, { name: 'Staff', rows }]);
}

describe('POST /classify/file', () => {
  it('classifies an uploaded xlsx (curl -F) and stores it like POST /classify with source api', async () => {
    const path = join(dir, 'hr.xlsx');
    writeFileSync(path, await hrSheet());
    const { stdout } = await run('curl', ['-sS', '-H', `X-API-Key: ${key}`, '-F', `file=@${path}`, `${t.api}/classify/file`]);
    const asset = JSON.parse(stdout) as Asset;
    expect(asset).toMatchObject({ name: 'hr.xlsx', asset_type: 'document', source: 'api', label: { name: 'Restricted' }, unreadable: null });
    expect(asset.matched_rules).toContain('Government identifiers');
    expect(asset.matched_rules).toContain('Financial data');
    const stored = (await call(`${t.api}/assets/${asset.id}`, { key })).body as Asset;
    expect(stored).toMatchObject({ name: 'hr.xlsx', label: asset.label, matched_rules: asset.matched_rules, source: 'api' });
    // Same name again: same asset, updated in place.
    const again = await upload(await hrSheet(), 'hr.xlsx', { asset_type: 'spreadsheet' });
    expect(again).toMatchObject({ status: 201, body: { id: asset.id, asset_type: 'spreadsheet' } });
  });

  it('names the archive member each sample came from', async () => {
    const inner = await makeZip({ 'q3/hr.xlsx': await hrSheet() });
    const archive = makeTgz({ 'reports/inner.zip': inner, 'readme.txt': 'nothing here' });
    const res = await upload(archive, 'backup.tar.gz', { name: 'fileserver:/backups/backup.tar.gz' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('fileserver:/backups/backup.tar.gz');
    const samples = (res.body as Asset).findings.flatMap((f) => f.samples);
    const iban = samples.find((s) => s.detector === 'iban');
    expect(iban?.member).toBe('reports/inner.zip/q3/hr.xlsx');
  });

  it('reads a mail and its attachment', async () => {
    const eml = makeEml({ subject: 'Payroll', text: 'See the attached file.', attachments: [{ name: 'pay.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await makeDocx([`SSN ${SSN}`, `IBAN ${IBAN}`]) }] });
    const res = await upload(eml, 'payroll.eml');
    expect(res.status).toBe(201);
    expect(res.body.label.name).toBe('Restricted');
    const samples = (res.body as Asset).findings.flatMap((f) => f.samples);
    expect(samples.filter((s) => s.detector === 'iban' || s.detector === 'us-ssn').map((s) => s.member)).toEqual(['pay.docx', 'pay.docx']);
  });

  it('stores an unreadable upload with its reason and the unreadable-file label', async () => {
    const encrypted = await makeZip({ 'salaries.txt': `IBAN ${IBAN}` }, { encrypted: ['salaries.txt'] });
    const res = await upload(encrypted, 'secret.zip');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'secret.zip', label: { name: 'Confidential' }, matched_rules: '', findings: [] });
    expect(res.body.unreadable).toMatch(/^encrypted: /);
    const listed = (await call(`${t.api}/assets?unreadable=true`, { key })).body as Asset[];
    expect(listed.map((a) => a.name)).toEqual(['secret.zip']);
    const readable = (await call(`${t.api}/assets?unreadable=false`, { key })).body as Asset[];
    expect(readable.length).toBeGreaterThan(0);
    expect(readable.every((a) => a.unreadable === null)).toBe(true);
    expect((await call(`${t.api}/assets?unreadable=maybe`, { key })).status).toBe(422);

    // The workspace setting decides the label.
    await t.workspaces.setUnreadableLabel('uploads', 'Restricted');
    expect((await upload(encrypted, 'secret-2.zip')).body.label.name).toBe('Restricted');
    await expect(t.workspaces.setUnreadableLabel('uploads', 'Nope')).rejects.toThrow(/label "Nope" does not exist/);
    await t.workspaces.setUnreadableLabel('uploads', null);
    expect((await upload(encrypted, 'secret-3.zip')).body.label.name).toBe('Confidential');
  });

  it('refuses bad uploads without storing anything', async () => {
    const before = ((await call(`${t.api}/assets?limit=500`, { key })).body as Asset[]).length;
    const unsupported = await upload(Buffer.from('MZ\x90\x00'), 'tool.exe');
    expect(unsupported.status).toBe(422);
    expect(unsupported.body.detail[0]).toMatchObject({ loc: ['body', 'file'], type: 'unsupported_type' });
    expect(unsupported.body.detail[0].msg).toContain('".exe"');

    const missing = await upload(null, '', { name: 'x.txt' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].loc).toEqual(['body', 'file']);

    const tooBig = await upload(Buffer.alloc(LIMIT + 1, 'a'), 'big.txt');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toContain(String(LIMIT));

    const longName = await upload(Buffer.from('hello'), 'a.txt', { name: 'n'.repeat(1025) });
    expect(longName.status).toBe(422);

    const json = await call(`${t.api}/classify/file`, { key, json: { name: 'x' } });
    expect(json.status).toBe(422);

    const garbage = await fetch(`${t.api}/classify/file`, { method: 'POST', headers: { 'X-API-Key': key, 'Content-Type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated' });
    expect(garbage.status).toBe(422);
    expect(((await garbage.json()) as { detail: unknown }).detail).toBeDefined();

    const noKey = await fetch(`${t.api}/classify/file`, { method: 'POST', body: new FormData() });
    expect(noKey.status).toBe(401);
    expect(((await call(`${t.api}/assets?limit=500`, { key })).body as Asset[]).length).toBe(before);
  });
});
