// The label an asset gets when its text could not be read (encrypted, corrupt, a bomb, no text layer):
// the workspace's `unreadable_label`, by default Confidential. An encrypted archive or document is a
// classic way to hide data, so it must not pass for Public; Restricted would bury reviewers in every
// damaged file, so the default is the level that says "look at this" without claiming the worst.
import type { Label } from '../../shared/engine/label-scheme.ts';

export const DEFAULT_UNREADABLE_LABEL = 'Confidential';

/** The configured label (or Confidential), matched case-insensitively; the scheme's highest label when it has no such label. */
export function unreadableLabel(labels: readonly Label[], setting: string | null): Label {
  const wanted = (setting ?? DEFAULT_UNREADABLE_LABEL).toLowerCase();
  const found = labels.find((l) => l.name.toLowerCase() === wanted);
  if (found) return found;
  return labels.reduce((top, l) => (l.level > top.level ? l : top), labels[0]!);
}
