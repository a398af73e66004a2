// Seeds a workspace with N assets in one transaction: the real repository opens the data
// directory first (migrations, workspace, labels, key), then one recursive-CTE INSERT fills the
// assets table through its real triggers (trigram index, counts). Names are file-server paths
// built from a seeded vocabulary, so searches have rare, medium and very common terms.
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { systemClock } from '../lib/clock.ts';
import { openDataDir } from '../server/server-process.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import type { Random } from './seeded-random.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

const DEPARTMENTS = ['finance', 'hr', 'legal', 'engineering', 'sales', 'marketing', 'operations', 'it', 'procurement', 'support', 'research', 'board'];
const DOC_WORDS = ['report', 'minutes', 'invoice', 'contract', 'budget', 'forecast', 'payroll', 'roadmap', 'tax-return', 'offer-letter', 'timesheet', 'policy', 'audit', 'summary', 'plan', 'review'];
const EXTENSIONS = ['pdf', 'pdf', 'docx', 'docx', 'xlsx', 'csv', 'txt', 'pptx'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'vu', 'si', 'pe', 'do', 'gan', 'bel', 'cor', 'dun', 'fis', 'hal'];

/** The search terms the bench asks for, with what they select in the seeded names. */
export interface SeededTerms {
  /** In about 1 name in 10,000. */
  readonly rare: string;
  /** One project name of 100: about 1 %. */
  readonly medium: string;
  /** A document word of 16: about 6 % (`report`), and a path segment in every name. */
  readonly common: string;
  readonly everywhere: string;
  /** Three characters, in about 6 % of names. */
  readonly short: string;
  readonly none: string;
}

export interface SeededInventory {
  readonly key: string;
  readonly assets: number;
  readonly terms: SeededTerms;
  readonly seconds: number;
}

function projectNames(rand: Random, n: number): string[] {
  const names = new Set<string>();
  while (names.size < n) names.add(`${rand.pick(SYLLABLES)}${rand.pick(SYLLABLES)}${rand.pick(SYLLABLES)}`);
  return [...names];
}

function sqlList(words: readonly string[]): string {
  return words.map((w, i) => `(${i}, '${w.replaceAll("'", "''")}')`).join(', ');
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

export async function seedInventory(dataDir: string, assets: number, rand: Random): Promise<SeededInventory> {
  const t0 = Date.now();
  const repo = await openDataDir(dataDir, systemClock);
  let key: string;
  try {
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('bench') });
    await admin.create('inventory', null);
    key = (await admin.createKey('inventory', 'bench')).key;
  } finally {
    await repo.close();
  }
  const projects = projectNames(rand, 100);
  const rare = 'zephyr-merger';
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(join(dataDir, 'assay.db'), (err) => (err ? reject(err) : resolve(d)));
  });
  try {
    // h1..h3 are multiplicative hashes of n: a fixed, well-spread choice per row.
    await exec(
      db,
      `
      PRAGMA journal_mode = WAL;
      CREATE TEMP TABLE dept (i INTEGER PRIMARY KEY, w TEXT);
      INSERT INTO dept VALUES ${sqlList(DEPARTMENTS)};
      CREATE TEMP TABLE proj (i INTEGER PRIMARY KEY, w TEXT);
      INSERT INTO proj VALUES ${sqlList(projects)};
      CREATE TEMP TABLE word (i INTEGER PRIMARY KEY, w TEXT);
      INSERT INTO word VALUES ${sqlList(DOC_WORDS)};
      CREATE TEMP TABLE ext (i INTEGER PRIMARY KEY, w TEXT);
      INSERT INTO ext VALUES ${sqlList(EXTENSIONS)};
      BEGIN;
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${assets}),
      h AS (SELECT n, (n * 2654435761) % 4294967291 AS h1, (n * 40503 + 7) % 1000003 AS h2, (n * 2246822519) % 4294967279 AS h3 FROM seq),
      lbl AS (SELECT name, level, color, row_number() OVER (ORDER BY level) - 1 AS i FROM labels WHERE workspace_id = (SELECT id FROM workspaces WHERE name = 'inventory'))
      INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at)
      SELECT (SELECT id FROM workspaces WHERE name = 'inventory'),
        CASE WHEN h2 % 10 = 0 THEN 'api' ELSE 'agent' END,
        'fs01:/srv/share/' || dept.w || '/' || (2016 + h3 % 10) || '/' || proj.w || '/'
          || CASE WHEN n % 9973 = 0 THEN '${rare}-' ELSE '' END
          || word.w || '-' || n || '.' || ext.w,
        'document', lbl.name, lbl.level, lbl.color, '', '[]',
        strftime('%Y-%m-%dT%H:%M:%S', 1735689600 + n * 30 + h2 % 600, 'unixepoch'),
        CASE WHEN h3 % 50 = 0 THEN strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + n, 'unixepoch') END
      FROM h
      JOIN dept ON dept.i = h1 % ${DEPARTMENTS.length}
      JOIN proj ON proj.i = (h1 / 7) % ${projects.length}
      JOIN word ON word.i = (h3 / 11) % ${DOC_WORDS.length}
      JOIN ext ON ext.i = h2 % ${EXTENSIONS.length}
      JOIN lbl ON lbl.i = (h3 / 3) % 4;
      COMMIT;
      PRAGMA wal_checkpoint(TRUNCATE);
      `,
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  return {
    key,
    assets,
    terms: { rare, medium: projects[17]!, common: 'report', everywhere: '/srv/share/', short: 'tax', none: 'quixotic-nothing' },
    seconds: (Date.now() - t0) / 1000,
  };
}
