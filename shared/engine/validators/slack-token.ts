// Slack tokens by family: each prefix has its own digit groups and lengths (Slack's token types,
// and the rules of gitleaks), so placeholders with too few groups or the wrong lengths
// (xoxb-12345-abcd, xoxp-1234567890) are refused however random they look.

const FAMILIES: readonly RegExp[] = Object.freeze([
  /^xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}$/, // bot
  /^xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}$/, // legacy bot
  /^xox[pe]-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{28,34}$/, // user, enterprise
  // Legacy (pre-2016) user, workspace, app and refresh tokens: three digit groups of six or more
  // digits (placeholders such as 1234-1234-1234 have four) and a hex tail; workspace app tokens
  // may carry a one-digit version first (xoxa-2-…).
  /^xox[opsar]-(?:[0-9]-)?[0-9]{6,13}-[0-9]{6,13}-[0-9]{6,13}-[A-Fa-f0-9]{8,64}$/,
  /^xox[os]-[0-9]{1,13}-[0-9]{1,13}-[0-9]{1,13}-[A-Fa-f0-9]{8,64}$/, // legacy user and workspace
  /^xox[ar]-(?:[0-9]-)?[A-Za-z0-9]{8,48}$/, // legacy workspace app, refresh
  /^xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[A-Za-z0-9]{32,80}$/, // app-level
  // Configuration access and refresh tokens: a one-digit version, then base64-like text of a fixed
  // length in either case (the tokens Slack issues are mixed-case).
  /^xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}$/, // configuration access
  /^xoxe-[0-9]-[A-Za-z0-9]{140,150}$/, // configuration refresh
]);

/** True when the token has the structure and lengths of one Slack token family. */
export function slackToken(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 400) return false;
  return FAMILIES.some((re) => re.test(raw));
}
