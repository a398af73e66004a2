// Every supported format, through the real extraction worker pool and `assay classify`: real files
// made by LibreOffice (test/fixtures/office, see its README) and generated ones, each with an SSN and
// an IBAN where real files hide them (second sheet, speaker note, footnote, attachment, an archive
// two levels deep), must reach Restricted; the CLI gates on a label for CI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli } from '../agent/cli/agent-cli.ts';
import { createExtractorPool, type ExtractorPool } from '../extract/extractor-pool.ts';
import { formatForPath } from '../extract/formats.ts';
import { systemClock } from '../lib/clock.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { captureOutput } from './helpers/cli-runner.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { makeEml, makeOdf, makePptx, makeRtf, makeTar, makeTgz, makeXlsx, makeZip, odfFootnote, odfParagraph, odfTable } from './helpers/office-documents.ts';

const IBAN = 'DE89 3704 0044 0532 0130 00';
const SSN = '536-90-4399';
const SECRET = `SSN ${SSN}, IBAN ${IBAN}`;
const FIXTURES = join(import.meta.dirname, 'fixtures', 'office');
const policy = compilePolicy(DEFAULT_LABELS, defaultRules());

/** An HR export: the data on the second sheet, 150 rows below its column headers. */
function hrRows(): (string | number)[][] {
  const rows: (string | number)[][] = [['Name', 'SSN', 'IBAN', 'Salary']];
  for (let i = 0; i < 150; i++) rows.push([`Person ${i}`, i === 140 ? SSN : '', i === 140 ? IBAN : '', 50_000 + i]);
  return rows;
}

async function generated(): Promise<Record<string, Buffer>> {
  const xlsx = await makeXlsx([{ name: 'Summary', rows: [['Headcount', 150]] }, { name: 'Staff', rows: hrRows() }]);
  const docx = await makeDocx(['Payroll run', SECRET]);
  return {
    'hr-shared.xlsx': xlsx,
    'hr-inline.xlsm': await makeXlsx([{ name: 'Cover', rows: [['HR']] }, { name: 'Staff', rows: hrRows() }], { inline: true }),
    'deck.pptx': await makePptx([{ text: ['Q3'] }, { text: ['Payroll'], notes: [`Speaker note: ${SECRET}`] }]),
    'memo.odt': await makeOdf('odt', `${odfParagraph('Memo')}<text:p>Severance${odfFootnote(SECRET)}</text:p>`),
    'hr.ods': await makeOdf('ods', odfTable([['Summary'], ['fine']]) + odfTable(hrRows().map((r) => r.map(String)))),
    'memo.rtf': makeRtf(['Board memo', 'Nothing in the body.'], { footnote: SECRET }),
    'page.html': Buffer.from(`<html><head><title>HR</title><script>var x = "nothing";</script></head><body><table><tr><th>SSN</th><td>${SSN}</td></tr><tr><th>IBAN</th><td>${IBAN}</td></tr></table></body></html>`),
    'export.xml': Buffer.from(`<?xml version="1.0"?><people><person><ssn>SSN ${SSN}</ssn><iban>${IBAN}</iban></person></people>`),
    'payroll.eml': makeEml({ subject: 'Payroll', text: 'See the attached file.', html: '<p>See the attached file.</p>', attachments: [{ name: 'payroll.docx', mime: 'application/octet-stream', data: docx }] }),
    'reports.zip': await makeZip({ 'readme.txt': 'Quarterly reports', 'archive/inner.zip': await makeZip({ 'q3/hr.xlsx': xlsx }) }),
    'backup.tar': makeTar({ 'home/hr/hr.xlsx': xlsx }),
    'backup.tar.gz': makeTgz({ 'home/hr/notes.txt': SECRET }),
    'notes.txt.gz': gzipSync(Buffer.from(SECRET)),
    'report.pdf': await makePdf(['Annual report', SECRET]),
    'letter.docx': docx,
    'data.csv': Buffer.from(`name,SSN,IBAN\nAda,${SSN},${IBAN}\n`),
  };
}

let dir: string;
let pool: ExtractorPool;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-formats-'));
  mkdirSync(join(dir, 'real'));
  mkdirSync(join(dir, 'generated', 'deeper'), { recursive: true });
  for (const f of readdirSync(FIXTURES)) if (!/\.(fodt|fods|fodp|md)$/.test(f)) copyFileSync(join(FIXTURES, f), join(dir, 'real', f));
  const files = await generated();
  Object.entries(files).forEach(([name, data], i) => writeFileSync(join(dir, 'generated', i % 2 ? 'deeper' : '', name), data));
  writeFileSync(join(dir, 'generated', 'clip.mp4'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  pool = createExtractorPool({ workers: 2, timeoutMs: 30_000, maxMemoryMb: 256, maxFileBytes: 16 * 1024 * 1024, maxTextChars: 1024 * 1024, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

function readableFiles(): string[] {
  const out: string[] = [];
  for (const sub of ['real', 'generated', join('generated', 'deeper')]) {
    for (const f of readdirSync(join(dir, sub), { withFileTypes: true })) if (f.isFile() && formatForPath(f.name) !== null) out.push(join(dir, sub, f.name));
  }
  return out;
}

describe('every format reaches its label', () => {
  it('reads the planted SSN and IBAN of every real and generated file through the worker pool', async () => {
    const files = readableFiles();
    expect(files.length).toBeGreaterThanOrEqual(24);
    for (const path of files) {
      const result = await pool.extract(path);
      if (!result.ok) throw new Error(`${path}: ${result.code}: ${result.reason}`);
      const c = classify(policy, { name: path, asset_type: 'document', content: result.text });
      expect({ path, label: c.label.name }).toEqual({ path, label: 'Restricted' });
      const detectors = c.findings.flatMap((f) => f.detectors.map((d) => d.id));
      expect(detectors, path).toContain('iban');
      expect(detectors, path).toContain('us-ssn');
    }
  }, 120_000);

  it('says which member of an archive the text came from', async () => {
    const result = await pool.extract(readableFiles().find((p) => p.endsWith('reports.zip'))!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.members?.map((m) => m.member)).toEqual(['readme.txt', 'archive/inner.zip', 'archive/inner.zip/q3/hr.xlsx']);
    const at = result.text.indexOf('536-90-4399');
    const member = result.members!.filter((m) => m.offset <= at).at(-1)!.member;
    expect(member).toBe('archive/inner.zip/q3/hr.xlsx');
  });

  it('reports encrypted and unreadable members, and fails a file whose only member is encrypted', async () => {
    const mixed = join(dir, 'mixed.zip');
    writeFileSync(mixed, await makeZip({ 'open.txt': SECRET, 'locked.txt': 'x', '../../etc/passwd.txt': 'root', '/abs/path.txt': 'abs' }, { encrypted: ['locked.txt'] }));
    const r = await pool.extract(mixed);
    if (!r.ok) throw new Error(r.reason);
    expect(r.unread).toEqual([{ member: 'locked.txt', code: 'encrypted', reason: 'member locked.txt is encrypted' }]);
    // Names are labels only: nothing is ever written to disk, so `../` and absolute names are harmless.
    expect(r.members?.map((m) => m.member)).toEqual(['open.txt', '../../etc/passwd.txt', '/abs/path.txt']);
    const only = join(dir, 'only-encrypted.zip');
    writeFileSync(only, await makeZip({ 'salaries.txt': SECRET }, { encrypted: ['salaries.txt'] }));
    expect(await pool.extract(only)).toMatchObject({ ok: false, code: 'encrypted' });
    const images = join(dir, 'images.zip');
    writeFileSync(images, await makeZip({ 'a.mp4': Buffer.from([0xff, 0xd8]) }));
    expect(await pool.extract(images)).toMatchObject({ ok: false, code: 'no_text' });
  });

  it('reads a real message saved by Outlook 16.0 (fixtures/mail): headers, subject, and its attachment accounted for', async () => {
    const r = await pool.extract(join(import.meta.dirname, 'fixtures', 'mail', 'outlook-2016.msg'));
    if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
    expect(r.format).toBe('mail');
    expect(r.text).toMatch(/^From: christoph@freiraum\.xyz.*\nTo: christoph@freiraum\.xyz.*\nSubject: asdf\n/);
    // The attachment is a photo: read by OCR (this pool has it) as a member of its own, after the body.
    const photo = '5AAoPFgV-nJ965R7o-98C38840-4454-4750-9AEF-F53DB3E37548.jpg';
    expect(r.members?.map((m) => m.member)).toEqual([photo]);
    expect(r.members![0]!.offset).toBeGreaterThan(r.text.indexOf('Subject: asdf'));
    expect(r.text.slice(0, r.members![0]!.offset).endsWith(`=== ${photo} ===\n`)).toBe(true);
    expect(r.unread ?? []).toEqual([]);
  });

  it('reads .xls sheets by name, values under their headers', async () => {
    const r = await pool.extract(join(FIXTURES, 'hr.xls'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.text).toContain('Staff\nName\tSSN\tIBAN\tSalary\nName: Ada Lovelace\tSSN: 536-90-4399\tIBAN: DE89370400440532013000\tSalary: 91000');
    expect(readFileSync(join(FIXTURES, 'hr.xls')).subarray(0, 4).toString('hex')).toBe('d0cf11e0');
  });
});

async function cli(argv: string[]) {
  const output = captureOutput();
  const code = await runAgentCli(argv, { stdout: output.stdout, stderr: output.stderr, env: {} }, { clock: systemClock, version: 'test', hostname: 'host', cwd: dir });
  if (typeof code !== 'number') throw new Error('started a daemon');
  return output.result(code);
}

describe('assay classify on folders', () => {
  it('walks folders, labels every file, counts skipped types, and gates on --fail-at', async () => {
    const rules = defaultRules().map((r) => ({ ...r, label: DEFAULT_LABELS.find((l) => l.name === r.label)! }));
    const rulesFile = join(dir, 'policy.json');
    writeFileSync(rulesFile, JSON.stringify({ labels: DEFAULT_LABELS, rules }));
    const all = await cli(['classify', join(dir, 'real'), join(dir, 'generated'), '--rules', rulesFile, '--json']);
    expect(all.code, all.stderr).toBe(0);
    const results = JSON.parse(all.stdout) as { path: string; label: { name: string }; findings: { samples: { detector: string; member?: string }[] }[] }[];
    expect(results.map((r) => r.path).sort()).toEqual(readableFiles().sort());
    for (const r of results) expect({ path: r.path, label: r.label.name }).toEqual({ path: r.path, label: 'Restricted' });
    const zip = results.find((r) => r.path.endsWith('reports.zip'))!;
    expect(zip.findings.flatMap((f) => f.samples).find((s) => s.detector === 'iban')?.member).toBe('archive/inner.zip/q3/hr.xlsx');
    expect(all.stderr).toContain('skipped 1 file(s) of types no extractor reads: .mp4 1');

    const gate = await cli(['classify', dir, '--rules', rulesFile, '--fail-at', 'confidential']);
    expect(gate.code).toBe(3);
    expect(gate.stderr).toMatch(/at or above Confidential/);

    const calm = join(dir, 'calm');
    mkdirSync(join(calm, 'sub'), { recursive: true });
    writeFileSync(join(calm, 'sub', 'menu.txt'), 'Lunch menu: soup.');
    writeFileSync(join(calm, 'deck.pptx'), await makePptx([{ text: ['For internal use only'] }]));
    const pass = await cli(['classify', calm, '--rules', rulesFile, '--fail-at', 'Confidential']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout.split('\n').filter(Boolean)).toHaveLength(2);

    // An unreadable file counts as Confidential (the server's default unreadable-file label).
    writeFileSync(join(calm, 'locked.zip'), await makeZip({ 'a.txt': 'x' }, { encrypted: ['a.txt'] }));
    expect((await cli(['classify', calm, '--rules', rulesFile, '--fail-at', 'Confidential'])).code).toBe(3);
    expect((await cli(['classify', calm, '--rules', rulesFile, '--fail-at', 'Restricted'])).code).toBe(0);

    const bad = await cli(['classify', calm, '--rules', rulesFile, '--fail-at', 'Secret']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no label "Secret"/);
  }, 180_000);
});
