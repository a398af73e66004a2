// Processes one path: decides from its fingerprint whether anything changed, extracts, classifies
// locally (in the classification pool, within its time budget), records the result and queues
// what the server must learn (a classification or a removal) in the same transaction (a group
// commit shared with the other files finishing at the same time).
import { createHash } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { SqliteDatabase } from '../../lib/sqlite-database.ts';
import type { Rule } from '../../shared/api/schemas.ts';
import type { ClassificationPool, PoolPolicy } from '../../shared/classify-pool/classification-pool.ts';
import type { Classification } from '../../shared/engine/classify.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../../shared/engine/rule-definition.ts';
import { definitionsFromServed } from '../../shared/engine/served-policy.ts';
import { ClassificationBudgetError } from '../../shared/errors.ts';
import { buildClassifyBody, buildUnreadableBody } from '../request/classify-request.ts';
import { buildRemovalBody } from '../request/removal-request.ts';
import type { ExtractorPool } from '../../extract/extractor-pool.ts';
import { applyFileTriage } from '../policy/file-triage.ts';
import type { LoadedPolicy } from '../policy/policy-cache-file.ts';
import type { PolicySync } from '../policy/policy-sync.ts';
import type { AgentSettings } from '../settings/agent-settings.ts';
import { deleteFile, type FileRecord, type Fingerprint, getFile, saveClassified, saveUnparseable, sameFingerprint, updateFingerprint } from '../state/file-records.ts';
import { dropPending, enqueue, hasPending } from '../state/outbox.ts';
import type { StateWriter } from '../state/state-writer.ts';
import { assetName, assetTypeFor } from './asset-identity.ts';
import type { Outcome } from './file-scheduler.ts';
import type { PathFilter } from './path-filter.ts';

export interface FileProcessorDeps {
  /** Reads of the state database. */
  readonly db: SqliteDatabase;
  /** A file's writes (its record and its outbox item), committed together with other files' writes. */
  readonly write: StateWriter;
  readonly pool: ExtractorPool;
  readonly policy: PolicySync;
  /** Where files are classified, within a time budget per MB of text. */
  readonly classifier: ClassificationPool;
  readonly filter: PathFilter;
  readonly settings: AgentSettings;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Something was added to the outbox. */
  readonly onQueued: () => void;
}

type StatResult = { stats: Stats } | { code: string };

async function statOf(path: string, follow: boolean): Promise<StatResult> {
  try {
    return { stats: await (follow ? stat : lstat)(path) };
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

function fingerprintOf(st: Stats): Fingerprint {
  return { dev: st.dev, ino: st.ino, size: st.size, mtime_ms: st.mtimeMs };
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const GONE = new Set(['ENOENT', 'ENOTDIR']);

export function createFileProcessor(deps: FileProcessorDeps): (path: string, signal: AbortSignal) => Promise<Outcome> {
  const { db, settings } = deps;
  const log = deps.logger.child({ component: 'files' });
  const now = () => deps.clock.now().toISOString();
  const poolPolicies = new WeakMap<LoadedPolicy, PoolPolicy>();
  /** The policy as the classification workers take it, made once per policy version. */
  const poolPolicy = (p: LoadedPolicy): PoolPolicy => {
    let made = poolPolicies.get(p);
    if (!made) {
      const definitions = { labels: p.served.labels as Label[], rules: definitionsFromServed(p.served.rules as Rule[]), exclusions: EMPTY_EXCLUSIONS, allow_list: p.allowList };
      made = { key: p.version, definitions, ruleNames: p.compiled.rules.map((r) => r.name) };
      poolPolicies.set(p, made);
    }
    return made;
  };

  /** The path no longer holds a file the agent watches: forget it and tell the server if it may know it. */
  async function forget(path: string, why: string): Promise<Outcome> {
    const record = await getFile(db, path);
    const pending = await hasPending(db, path);
    if (!record && !pending) return 'ignored';
    // A pending classification may be in flight right now, so the server may learn of the file
    // any moment: report the removal whenever it was delivered or queued (a 404 is fine).
    const report = record?.delivered_at != null || pending;
    const name = assetName(settings.hostname, path);
    await deps.write(async (tx) => {
      await deleteFile(tx, path);
      if (report) await enqueue(tx, { path, kind: 'remove', name, body: buildRemovalBody(name), content_hash: null, created_at: now() });
      else await dropPending(tx, path);
    });
    log.info({ path, why, report }, report ? 'file gone; removal queued' : 'file gone');
    if (report) deps.onQueued();
    return 'removed';
  }

  /**
   * Records a file whose text cannot be had. Not tried again until it changes — except read
   * errors ('unreadable': permissions, I/O), which a chmod or an ACL can fix without changing
   * the file: those are retried whenever the file is looked at (every scan). The server learns of
   * it too (`unreadable` with the reason) whenever the reason is new, so the inventory shows it.
   */
  async function unparseable(path: string, fp: Fingerprint, previous: FileRecord | undefined, f: { format: string | null; code: string; reason: string; retryOnScan: boolean }): Promise<Outcome> {
    const reason = `${f.code}: ${f.reason}`;
    const report = previous?.reason !== reason || previous.delivered_at === null;
    const name = assetName(settings.hostname, path);
    await deps.write(async (tx) => {
      await saveUnparseable(tx, path, fp, { format: f.format, reason, retryOnScan: f.retryOnScan, now: now() });
      if (report) {
        const body = buildUnreadableBody({ name, asset_type: assetTypeFor(path), reason });
        await enqueue(tx, { path, kind: 'classify', name, body, content_hash: null, created_at: now() });
      }
    });
    if (report) deps.onQueued();
    const line = { path, format: f.format, code: f.code, reason: f.reason, queued: report };
    if (previous?.reason === reason) log.debug(line, 'file still unparseable');
    else log.warn(line, f.retryOnScan ? 'file unreadable; retried on the next scan' : 'file recorded as unparseable; not retried until it changes');
    return 'unparseable';
  }

  return async function processPath(path, signal) {
    const first = await statOf(path, false);
    if ('code' in first) {
      if (GONE.has(first.code)) return forget(path, 'deleted');
      log.warn({ path, code: first.code }, 'cannot stat file; retried on the next scan');
      return 'error';
    }
    let st = first.stats;
    if (st.isSymbolicLink()) {
      if (!settings.watch.follow_symlinks) return forget(path, 'symbolic link (not followed)');
      const target = await statOf(path, true);
      if ('code' in target) {
        if (target.code === 'ENOENT') return forget(path, 'dangling symbolic link');
        const format = deps.filter.acceptsFile(path);
        if (format === null) return 'ignored';
        return unparseable(path, fingerprintOf(st), await getFile(db, path), { format, code: 'unreadable', reason: `cannot follow the link (${target.code})`, retryOnScan: false });
      }
      st = target.stats;
    }
    if (st.isDirectory()) return 'ignored';
    const format = deps.filter.acceptsFile(path);
    if (format === null) return forget(path, 'excluded');
    const fp = fingerprintOf(st);
    const record = await getFile(db, path);
    const known = record !== undefined && sameFingerprint(record, fp);
    if (known && record.status === 'unparseable' && !record.retry_on_scan) return 'unchanged';
    if (!st.isFile()) return unparseable(path, fp, record, { format, code: 'unreadable', reason: `${specialKind(st)}, not a regular file`, retryOnScan: false });
    if (known && record.rules_version === deps.policy.current()?.version) return 'unchanged';

    const policy = await deps.policy.waitForPolicy(signal);
    if (known && record.rules_version === policy.version) return 'unchanged';
    const extraction = await deps.pool.extract(path);
    if (signal.aborted) return 'cancelled';
    const after = await statOf(path, settings.watch.follow_symlinks);
    if ('code' in after || !sameFingerprint(fingerprintOf(after.stats), fp)) return 'changed';
    if (!extraction.ok) return unparseable(path, fp, record, { format: extraction.format, code: extraction.code, reason: extraction.reason, retryOnScan: extraction.code === 'unreadable' });

    const hash = createHash('sha256').update(extraction.text).digest('base64url');
    if (record?.status === 'classified' && record.content_hash === hash && record.rules_version === policy.version) {
      await deps.write((tx) => updateFingerprint(tx, path, fp, now()));
      return 'unchanged';
    }
    const name = assetName(settings.hostname, path);
    const asset_type = assetTypeFor(path);
    let full: Classification;
    try {
      full = await deps.classifier.classify(poolPolicy(policy), { name, asset_type, content: extraction.text });
    } catch (err) {
      if (!(err instanceof ClassificationBudgetError)) throw err;
      return unparseable(path, fp, record, { format: extraction.format, code: err.code, reason: err.message, retryOnScan: false });
    }
    // Dismissals and a pin made on the server for this file, applied as the server applies them.
    const kept = applyFileTriage(policy.compiled, policy.served.labels as Label[], policy.triage, name, full);
    const joined = kept.matched_rules.join(', ');
    // Sent when the server has not got this content with this result: new or edited text, or
    // rules that now give another result. Unchanged results after a rules change are not re-sent.
    const serverIsCurrent = record?.delivered_at != null && record.delivered_hash === hash && record.delivered_label === kept.label.name && record.delivered_rules === joined;
    const request = serverIsCurrent
      ? null
      : buildClassifyBody({ policy, name, asset_type, text: extraction.text, members: extraction.members, full, contentChars: settings.limits.content_chars, bodyBytes: settings.limits.body_bytes });
    await deps.write(async (tx) => {
      await saveClassified(tx, path, fp, {
        format: extraction.format,
        content_hash: hash,
        truncated: extraction.truncated === true,
        rules_version: policy.version,
        label: kept.label.name,
        matched_rules: kept.matched_rules,
        now: now(),
      });
      if (request) await enqueue(tx, { path, kind: 'classify', name, body: request.body, content_hash: hash, created_at: now() });
    });
    const line = {
      path,
      label: kept.label.name,
      matched_rules: kept.matched_rules,
      ...(kept.pinned ? { pinned: true } : {}),
      format: extraction.format,
      chars: extraction.text.length,
      queued: request !== null,
      ...(request?.condensed.condensed ? { sent_chars: request.condensed.content.length, passages: request.condensed.passages } : {}),
    };
    log.info(line, 'classified locally');
    if (extraction.truncated) log.warn({ path, max_text_chars: settings.limits.max_text_chars }, 'text cut at agent.limits.max_text_chars; the rest was not inspected');
    if (request && !request.condensed.exact) log.warn({ path, label: kept.label.name }, 'condensed content may not give the server the same result as the whole text');
    if (request) deps.onQueued();
    return 'classified';
  };
}
