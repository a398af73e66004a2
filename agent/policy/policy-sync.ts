// Keeps the agent's rules (labels, rules and the allow-list's hashes) and the triage of its files
// (dismissals, pins) current: starts from the cached copy, refreshes with If-None-Match,
// keeps the last good set when the server is unreachable or serves rules this agent cannot
// compile, and retries quickly while it has no rules at all.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { ApiClient, ApiOutcome } from '../client/api-client.ts';
import { backoffDelay } from '../client/backoff.ts';
import { changedNames } from './file-triage.ts';
import { type LoadedPolicy, loadServedPolicy, readPolicyFile, type ServedPolicy, writePolicyFile } from './policy-cache-file.ts';

export type RefreshResult = 'unchanged' | 'updated' | 'failed';

export interface PolicySync {
  current(): LoadedPolicy | null;
  /** Resolves with the first policy available; rejects when `signal` aborts first. */
  waitForPolicy(signal: AbortSignal): Promise<LoadedPolicy>;
  /** Loads the cached copy and starts a refresh (retried in the background while there is no policy). */
  start(): void;
  refresh(): Promise<RefreshResult>;
  close(): void;
}

const NO_POLICY_RETRY = { initialMs: 1000, maxMs: 60_000 };

export function createPolicySync(deps: {
  client: ApiClient;
  stateDir: string;
  logger: Logger;
  clock: Clock;
  /** The agent's hostname: it pulls the triage of the assets it names `HOSTNAME:path`. */
  hostname: string;
  /** Called after the policy changed (not for the first load from disk). */
  onChange: (policy: LoadedPolicy, previous: LoadedPolicy | null) => void;
  /** Called when only the triage changed, with the asset names whose dismissals or pin changed. */
  onTriageChange: (names: readonly string[]) => void;
}): PolicySync {
  const log = deps.logger.child({ component: 'rules' });
  let policy: LoadedPolicy | null = null;
  let waiters: Array<(p: LoadedPolicy) => void> = [];
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let closed = false;
  let running: Promise<RefreshResult> | null = null;

  function install(next: LoadedPolicy): void {
    const previous = policy;
    policy = next;
    for (const w of waiters.splice(0)) w(next);
    deps.onChange(next, previous);
  }

  type Fetched = { body: unknown[]; etag: string | null } | 'not_modified' | { error: string };

  function fetched(o: ApiOutcome): Fetched {
    if (o.kind === 'not_modified') return 'not_modified';
    if (o.kind === 'ok') return Array.isArray(o.body) ? { body: o.body, etag: o.etag } : { error: 'the server answered with something other than a JSON array' };
    return { error: o.reason };
  }

  /** The allow-list or the triage: a 404 is a server without them (none); 304 keeps the cached one. */
  function objectOf(o: ApiOutcome, cached: { doc: unknown; etag: string | null }, what: string): { doc: unknown; etag: string | null; unchanged: boolean } | { error: string } {
    if (o.kind === 'not_modified') return { ...cached, unchanged: true };
    if (o.kind === 'ok') {
      if (typeof o.body !== 'object' || o.body === null || Array.isArray(o.body)) return { error: `the server answered ${what} with something other than a JSON object` };
      return { doc: o.body, etag: o.etag, unchanged: false };
    }
    if (o.status === 404) return { doc: null, etag: null, unchanged: cached.doc === null };
    return { error: o.reason };
  }

  async function doRefresh(): Promise<RefreshResult> {
    const cached = policy?.served ?? null;
    const [rulesOutcome, labelsOutcome, allowOutcome, triageOutcome] = await Promise.all([
      deps.client.getJson('/rules', cached?.rules_etag ?? null),
      deps.client.getJson('/labels', cached?.labels_etag ?? null),
      deps.client.getJson('/allowlist', cached?.allowlist_etag ?? null),
      deps.client.getJson(`/triage?host=${encodeURIComponent(deps.hostname)}`, cached?.triage_etag ?? null),
    ]);
    const allow = objectOf(allowOutcome, { doc: cached?.allowlist ?? null, etag: cached?.allowlist_etag ?? null }, '/allowlist');
    const triage = objectOf(triageOutcome, { doc: cached?.triage ?? null, etag: cached?.triage_etag ?? null }, '/triage');
    const partFailed = (part: string, reason: string): RefreshResult => {
      log.warn({ reason, cached_rules_from: cached?.fetched_at ?? null }, cached ? `${part} refresh failed; using the cached rules` : `${part} refresh failed and no rules are cached yet; files wait`);
      return 'failed';
    };
    if ('error' in allow) return partFailed('allow-list', allow.error);
    if ('error' in triage) return partFailed('triage', triage.error);
    const rules = fetched(rulesOutcome);
    const labels = fetched(labelsOutcome);
    const error = (rules !== 'not_modified' && 'error' in rules ? rules.error : null) ?? (labels !== 'not_modified' && 'error' in labels ? labels.error : null);
    if (error !== null) {
      const auth = rulesOutcome.kind === 'auth' || labelsOutcome.kind === 'auth';
      const line = { reason: error, cached_rules_from: cached?.fetched_at ?? null };
      if (auth) log.error(line, 'rules refresh refused by the server; check the agent API key');
      else log.warn(line, cached ? 'rules refresh failed; using the cached rules' : 'rules refresh failed and no rules are cached yet; files wait');
      return 'failed';
    }
    if (rules === 'not_modified' && labels === 'not_modified' && allow.unchanged && triage.unchanged) return 'unchanged';
    if ((rules === 'not_modified' || labels === 'not_modified') && cached === null) return 'failed';
    const fresh = (f: Fetched) => (f === 'not_modified' || 'error' in f ? null : f);
    const r = fresh(rules);
    const l = fresh(labels);
    const served: ServedPolicy = {
      rules: r ? r.body : cached!.rules,
      rules_etag: r ? r.etag : cached!.rules_etag,
      labels: l ? l.body : cached!.labels,
      labels_etag: l ? l.etag : cached!.labels_etag,
      allowlist: allow.doc,
      allowlist_etag: allow.etag,
      triage: triage.doc,
      triage_etag: triage.etag,
      fetched_at: deps.clock.now().toISOString(),
    };
    let next: LoadedPolicy;
    try {
      next = loadServedPolicy(served);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'the server sent rules this agent cannot compile; keeping the previous rules (is the agent older than the server?)');
      return 'failed';
    }
    writePolicyFile(deps.stateDir, served);
    const { omitted } = next.triage;
    if (!triage.unchanged && omitted.dismissals + omitted.pins > 0) {
      log.warn({ omitted_dismissals: omitted.dismissals, omitted_pins: omitted.pins }, 'the server left out some dismissals or pins of this host (past its limit); those files are labelled here without them');
    }
    if (policy !== null && policy.version === next.version) {
      const changed = changedNames(policy.triage, next.triage);
      policy = next; // same rules, new ETags or triage
      if (changed.length === 0) return 'unchanged';
      log.info({ assets: changed.length }, 'triage updated');
      deps.onTriageChange(changed);
      return 'updated';
    }
    log.info({ rules_version: next.version, rules: served.rules.length, labels: served.labels.length }, 'rules updated');
    install(next);
    return 'updated';
  }

  function refresh(): Promise<RefreshResult> {
    if (closed) return Promise.resolve('failed');
    running ??= doRefresh()
      .catch((err: unknown) => {
        log.error({ err: (err as Error).message }, 'rules refresh failed');
        return 'failed' as const;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  /** Without any policy nothing can be classified: retry with backoff until one arrives. */
  function retryUntilPolicy(): void {
    if (closed || policy !== null || retryTimer !== null) return;
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void refresh().then(() => retryUntilPolicy());
    }, backoffDelay(NO_POLICY_RETRY, failures));
  }

  return {
    current: () => policy,
    waitForPolicy(signal) {
      if (policy !== null) return Promise.resolve(policy);
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason as Error);
        const onAbort = () => {
          waiters = waiters.filter((w) => w !== done);
          reject(signal.reason as Error);
        };
        const done = (p: LoadedPolicy) => {
          signal.removeEventListener('abort', onAbort);
          resolve(p);
        };
        waiters.push(done);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    start() {
      const cached = readPolicyFile(deps.stateDir);
      if (cached) {
        try {
          policy = loadServedPolicy(cached);
          log.info({ rules_version: policy.version, fetched_at: cached.fetched_at }, 'loaded cached rules');
        } catch (err) {
          log.error({ err: (err as Error).message }, 'cached rules do not compile; ignoring them');
        }
      }
      // Not awaited: an unreachable server must not hold up start-up (files wait for rules instead).
      void refresh().then(() => retryUntilPolicy());
    },
    refresh,
    close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
