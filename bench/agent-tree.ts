// A deterministic file-server tree for the agent benchmark: 70 % text and CSV, 20 % DOCX,
// 10 % PDF, spread over department folders, about a fifth of the files carrying a sensitive value.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBenchDocx, makeBenchPdf } from './bench-documents.ts';
import type { Random } from './seeded-random.ts';
import { generateText, SENSITIVE } from './text-corpus.ts';

const FOLDERS = ['finance', 'hr', 'legal', 'engineering', 'sales', 'marketing', 'operations', 'support'];
const FIRST = ['anna', 'ben', 'carla', 'david', 'eva', 'felix', 'greta', 'hans', 'ines', 'jonas'];
const LAST = ['meyer', 'schmidt', 'fischer', 'weber', 'wagner', 'becker', 'hoffmann', 'koch'];

export interface AgentTree {
  readonly root: string;
  readonly files: number;
  readonly byFormat: { text: number; csv: number; docx: number; pdf: number };
  readonly sensitive: number;
  readonly bytes: number;
  readonly seconds: number;
}

function csv(rand: Random, rows: number, sensitive: boolean): string {
  const lines = ['id,name,email,department,amount'];
  for (let i = 1; i <= rows; i++) {
    const first = rand.pick(FIRST);
    const last = rand.pick(LAST);
    const email = sensitive ? `${first}.${last}@example.com` : `${first[0]}${last}`;
    lines.push(`${i},${first} ${last},${email},${rand.pick(FOLDERS)},${rand.int(10, 99999)}.${rand.int(10, 99)}`);
  }
  return `${lines.join('\n')}\n`;
}

function withSecret(rand: Random, text: string, sensitive: boolean): string {
  if (!sensitive) return text;
  const at = rand.int(0, text.length);
  const cut = text.lastIndexOf('\n', at);
  return `${text.slice(0, cut + 1)}${rand.pick(SENSITIVE)}\n${text.slice(cut + 1)}`;
}

export async function generateAgentTree(root: string, files: number, rand: Random): Promise<AgentTree> {
  const t0 = Date.now();
  const byFormat = { text: 0, csv: 0, docx: 0, pdf: 0 };
  let sensitiveCount = 0;
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = join(root, rand.pick(FOLDERS), `20${rand.int(18, 26)}`, `batch-${i % 50}`);
    mkdirSync(dir, { recursive: true });
    const sensitive = rand.next() < 0.2;
    if (sensitive) sensitiveCount++;
    const slot = i % 10; // 0-6 text/CSV, 7-8 DOCX, 9 PDF: exactly 70/20/10
    let file: string;
    if (slot === 9) {
      const pages = Array.from({ length: rand.int(1, 4) }, () => generateText(rand, 4000));
      if (sensitive) pages[0] = withSecret(rand, pages[0]!, true);
      file = join(dir, `scan-${i}.pdf`);
      writeFileSync(file, await makeBenchPdf(pages));
      byFormat.pdf++;
    } else if (slot >= 7) {
      file = join(dir, `memo-${i}.docx`);
      writeFileSync(file, await makeBenchDocx(withSecret(rand, generateText(rand, rand.int(2000, 16000)), sensitive)));
      byFormat.docx++;
    } else if (slot >= 5) {
      file = join(dir, `export-${i}.csv`);
      writeFileSync(file, csv(rand, rand.int(20, 200), sensitive));
      byFormat.csv++;
    } else {
      file = join(dir, `notes-${i}.txt`);
      writeFileSync(file, withSecret(rand, generateText(rand, rand.int(1000, 12000)), sensitive));
      byFormat.text++;
    }
    bytes += statSync(file).size;
  }
  return { root, files, byFormat, sensitive: sensitiveCount, bytes, seconds: (Date.now() - t0) / 1000 };
}
