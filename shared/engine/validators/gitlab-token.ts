// GitLab tokens by family: each prefix has its own length and alphabet (GitLab's token prefix
// documentation, and the rules of gitleaks), so truncated or padded samples are refused.

/** Prefix and the shape of the rest, anchored. */
const FAMILIES: readonly (readonly [string, RegExp])[] = Object.freeze([
  ['glpat-', /^(?:[A-Za-z0-9_-]{20}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{9})$/], // personal, project, group (also routable)
  ['gldt-', /^[A-Za-z0-9_-]{20}$/], // deploy
  ['glrt-', /^(?:[A-Za-z0-9_-]{20}|t[0-9]_[A-Za-z0-9_-]{20,40}|t[0-9]_[A-Za-z0-9_-]{27,300}\.[0-9a-z]{9})$/], // runner authentication (also routable)
  ['glft-', /^[A-Za-z0-9_-]{20}$/], // feed
  ['glsoat-', /^[A-Za-z0-9_-]{20}$/], // SCIM
  ['glffct-', /^[A-Za-z0-9_-]{20}$/], // feature-flag client
  ['glimt-', /^[A-Za-z0-9_-]{25}$/], // incoming mail
  ['glagent-', /^[A-Za-z0-9_-]{50}$/], // Kubernetes agent
  ['gloas-', /^[A-Za-z0-9_-]{64}$/], // OAuth application secret
  ['glptt-', /^[0-9a-f]{40}$/], // pipeline trigger
  ['glcbt-', /^[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}$/], // CI/CD job
  ['GR1348941', /^[A-Za-z0-9_-]{20}$/], // runner registration
]);

/** True when the token has a known GitLab prefix and the rest has that family's length and alphabet. */
export function gitlabToken(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 400) return false;
  for (const [prefix, rest] of FAMILIES) if (raw.startsWith(prefix)) return rest.test(raw.slice(prefix.length));
  return false;
}
