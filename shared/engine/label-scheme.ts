// Labels: the sensitivity scheme of a workspace, and the default scheme a new workspace gets.
import { z } from 'zod';

export const labelSchema = z
  .object({
    name: z.string().trim().min(1).max(64).meta({ description: 'Label name, unique in the workspace', example: 'Confidential' }),
    level: z.int().min(0).max(1000).meta({ description: 'Sensitivity level; higher is more sensitive, unique in the workspace', example: 2 }),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')
      .transform((c) => c.toLowerCase())
      .meta({ description: '`#rrggbb` colour', example: '#f59e0b' }),
  });

export type Label = z.output<typeof labelSchema>;

export const DEFAULT_LABELS: readonly Label[] = Object.freeze([
  Object.freeze({ name: 'Public', level: 0, color: '#22c55e' }),
  Object.freeze({ name: 'Internal', level: 1, color: '#3b82f6' }),
  Object.freeze({ name: 'Confidential', level: 2, color: '#f59e0b' }),
  Object.freeze({ name: 'Restricted', level: 3, color: '#ef4444' }),
]);

/** Problems with a scheme as a whole (each label is assumed valid on its own). */
export function schemeProblems(labels: readonly Label[]): string[] {
  const problems: string[] = [];
  if (labels.length === 0) problems.push('a label scheme needs at least one label');
  const names = new Set<string>();
  const levels = new Set<number>();
  for (const l of labels) {
    const key = l.name.toLowerCase();
    if (names.has(key)) problems.push(`label name "${l.name}" is used twice`);
    if (levels.has(l.level)) problems.push(`label level ${l.level} is used twice`);
    names.add(key);
    levels.add(l.level);
  }
  return problems;
}

/** Labels ordered by level, lowest first. */
export function sortLabels(labels: readonly Label[]): Label[] {
  return [...labels].sort((a, b) => a.level - b.level);
}
