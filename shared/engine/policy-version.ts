// The version of a served policy: a content hash of what GET /labels, GET /rules and GET /allowlist serve. The agent
// reports the version it classifies with; the server computes the workspace's current one the same
// way, so the fleet view can mark an agent still on other rules.
import { createHash } from 'node:crypto';
import type { Rule } from '../api/schemas.ts';
import { type Exclusions, type RuleDefinition, withWorkspaceExclusions } from './rule-definition.ts';
import type { Label } from './label-scheme.ts';

/**
 * A content hash of labels, rules and allow-list (as GET /allowlist serves it), so the version does
 * not depend on how ETags are made.
 */
export function policyVersion(labels: readonly unknown[], rules: readonly unknown[], allowlist: unknown = null): string {
  const content = allowlist === null || allowlist === undefined ? { labels, rules } : { labels, rules, allowlist };
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}

/** What GET /rules serves: the enabled rules, workspace exclusions folded in, each with its label object. */
export function servedRules(policy: { labels: readonly Label[]; rules: readonly RuleDefinition[]; exclusions: Exclusions }): Rule[] {
  const labels = new Map(policy.labels.map((l) => [l.name.toLowerCase(), l]));
  return policy.rules.filter((r) => r.enabled).map((r) => ({ ...withWorkspaceExclusions(r, policy.exclusions), label: labels.get(r.label.toLowerCase())! }));
}
