// A deterministic corpus of realistic documents (contracts, HR letters, invoices, configs, chat
// logs, medical notes, READMEs, …) with the detectors each one must trigger and its expected
// label. Seeded (bench/seeded-random.ts), so the same seed always gives the same corpus; the
// hard negatives (UUIDs, versions, placeholders, numbers without context) are mixed in on purpose.
import { seededRandom, type Random } from '../../bench/seeded-random.ts';
import { DocBuilder, type Template } from './corpus-kit.ts';
import { CATALOGUE } from '../../shared/engine/catalogue/index.ts';
import { DEFAULT_LABELS } from '../../shared/engine/label-scheme.ts';
import { BUSINESS_TEMPLATES } from './corpus-business.ts';
import { PERSONAL_TEMPLATES } from './corpus-personal.ts';
import { TECHNICAL_TEMPLATES } from './corpus-technical.ts';

export interface CorpusDocument {
  readonly name: string;
  readonly asset_type: string;
  readonly kind: string;
  readonly content: string;
  /** `rule/detector` keys the document must trigger (and no others). */
  readonly detectors: readonly string[];
  readonly label: string;
}

const TEMPLATES: readonly Template[] = [...BUSINESS_TEMPLATES, ...PERSONAL_TEMPLATES, ...TECHNICAL_TEMPLATES];

const LABEL_OF_RULE = new Map(CATALOGUE.map((r) => [r.rule.name, r.rule.label]));

/** The highest label among the rules of the expected detectors; the lowest label without any. */
export function expectedLabel(detectors: Iterable<string>): string {
  let best = DEFAULT_LABELS[0]!;
  for (const key of detectors) {
    const name = LABEL_OF_RULE.get(key.slice(0, key.indexOf('/')));
    const label = DEFAULT_LABELS.find((l) => l.name === name);
    if (label && label.level > best.level) best = label;
  }
  return best.name;
}

function pickTemplate(rand: Random): Template {
  const total = TEMPLATES.reduce((s, t) => s + t.weight, 0);
  let x = rand.next() * total;
  for (const t of TEMPLATES) {
    x -= t.weight;
    if (x < 0) return t;
  }
  return TEMPLATES[TEMPLATES.length - 1]!;
}

export function generateCorpus(seed = 2026, count = 340): CorpusDocument[] {
  const rand = seededRandom(seed);
  const docs: CorpusDocument[] = [];
  const seen = new Map<Template, number>();
  for (let i = 0; i < count; i++) {
    // Every template appears at least once, then they follow their weights.
    const t = i < TEMPLATES.length ? TEMPLATES[i]! : pickTemplate(rand);
    seen.set(t, (seen.get(t) ?? 0) + 1);
    const b = new DocBuilder(rand, seen.get(t)! - 1);
    t.build(b);
    docs.push({ name: t.name(rand, i), asset_type: t.asset_type, kind: t.kind, content: b.text(), detectors: [...b.detectors].sort(), label: expectedLabel(b.detectors) });
  }
  return docs;
}
