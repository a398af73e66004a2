// Classifies an asset with its workspace's policy and stores the result in the inventory.
import type { Asset, AssetSource, ClassifyRequest, Preview } from '../../shared/api/schemas.ts';
import type { Admission, ClassificationPool, PoolPolicy } from '../../shared/classify-pool/classification-pool.ts';
import type { BodyOutcome, BodyReader } from '../../shared/classify-pool/classify-protocol.ts';
import type { PlainBodyLimits } from '../../shared/classify-pool/plain-classify-body.ts';
import type { Classification } from '../../shared/engine/classify.ts';
import { createCatalogueCheck } from '../../shared/classify-pool/catalogue-policy.ts';
import type { CompiledPolicy } from '../../shared/engine/compile-policy.ts';
import { type DismissedDetector, withoutDismissed } from '../../shared/engine/dismissals.ts';
import { PlanInactiveError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { Repository, Workspace } from '../storage/repository.ts';
import type { PolicyCache } from './policy-cache.ts';
import { unreadableLabel } from './unreadable-label.ts';
import type { MemberSpan } from '../../extract/extraction-result.ts';
import { nameMembers } from '../../extract/member-of.ts';

/**
 * A POST /classify request as validated (shared/api/schemas.ts), from any source: the admin CLI
 * and the console add `manual` and `csv`. `members`: container members in the content (an
 * uploaded archive or mail), so that each sample names its member.
 */
export type ClassifyInput = Omit<ClassifyRequest, 'source'> & {
  readonly source: AssetSource;
  /** Container members in the content (an uploaded archive or mail, or one the agent read): each sample then names its member. */
  readonly members?: readonly MemberSpan[] | undefined;
};

/** What became of a POST /classify/preview body given as bytes: its preview, or the worker's outcome for a body that is not JSON or not plain. */
export type BodyPreview = { readonly kind: 'preview'; readonly preview: Preview; readonly reader: BodyReader } | Exclude<BodyOutcome, { kind: 'plain' }>;

/**
 * Every classification says what it does when the classification queue is full (Admission): a
 * client's request (POST /classify, /classify/file, /classify/preview) is refused with 503
 * server_busy, as the client can retry; the server's own callers (a CSV import's rows, the
 * console's manual classification and preview, the admin CLI) wait for a place (docs/api.md, Busy).
 */
export interface ClassificationService {
  /** Evaluates without storing anything; the answer of POST /classify/preview (API and console). */
  preview(workspace: Workspace, input: ClassifyInput, admission: Admission): Promise<Preview>;
  /**
   * preview() of a JSON body not yet parsed: a classification worker parses and checks it and
   * classifies a plain one (ClassificationPool.classifyBody), so this thread never holds a plain
   * body's content. A body that is not JSON (its parse error) or not plain (its bytes) comes
   * back for the caller to answer or validate. `bytes` are handed over.
   */
  previewBody(workspace: Workspace, body: { readonly bytes: Buffer; readonly limits: PlainBodyLimits }): Promise<BodyPreview>;
  /** Evaluates and stores; throws PlanInactiveError, AssetQuotaError or (`refuse`) ClassificationQueueFullError, storing nothing. */
  classifyAndStore(workspace: Workspace, input: ClassifyInput, admission: Admission): Promise<{ asset: Asset }>;
  /** Throws ClassificationQueueFullError when a client's classification would be refused now: before costly work for one (an upload's extraction). */
  refuseIfBusy(): void;
}

/**
 * Classification runs in `pool`'s worker threads, within its time budget (ClassificationBudgetError);
 * small contents under a catalogue-only policy on this thread (classification-pool.ts).
 */
/** `onStored` is told of every classification stored (for /metrics). */
export function createClassificationService(deps: {
  repo: Repository;
  clock: Clock;
  policies: PolicyCache;
  pool: ClassificationPool;
  onStored?: (workspace: Workspace, asset: Asset) => void;
}): ClassificationService {
  const { repo, clock, policies, pool } = deps;
  const catalogueOnly = createCatalogueCheck();
  // What the pool needs of a compiled policy, worked out once per policy revision (the cache
  // hands out the same compiled object until the revision changes).
  const poolPolicies = new WeakMap<CompiledPolicy, PoolPolicy>();
  type Loaded = Awaited<ReturnType<PolicyCache['get']>>;
  const poolPolicyOf = (workspace: Workspace, { policy, compiled }: Loaded): PoolPolicy => {
    let poolPolicy = poolPolicies.get(compiled);
    if (!poolPolicy) {
      const key = `${workspace.id}:${workspace.policy_revision}`;
      poolPolicy = { key, definitions: policy, ruleNames: compiled.rules.map((r) => r.name), inline: catalogueOnly(policy) ? compiled : undefined };
      poolPolicies.set(compiled, poolPolicy);
    }
    return poolPolicy;
  };
  const evaluate = async (workspace: Workspace, loaded: Loaded, input: ClassifyInput, admission: Admission) => {
    if (input.unreadable) return { label: unreadableLabel(loaded.policy.labels, workspace.unreadable_label), matched_rules: [], findings: [] };
    const asset = { name: input.name, asset_type: input.asset_type ?? null, content: input.content ?? null };
    const result = await pool.classify(poolPolicyOf(workspace, loaded), asset, admission);
    return input.members?.length ? { ...result, findings: nameMembers(result.findings, input.members) } : result;
  };
  const previewOf = (input: Pick<ClassifyInput, 'name' | 'asset_type'>, result: Pick<Classification, 'label' | 'matched_rules' | 'findings'>): Preview => ({
    name: input.name,
    asset_type: input.asset_type ?? null,
    label: result.label,
    matched_rules: result.matched_rules.join(', '),
    findings: result.findings,
  });
  return {
    async preview(workspace, input, admission) {
      return previewOf(input, await evaluate(workspace, await policies.get(workspace), input, admission));
    },
    async previewBody(workspace, body) {
      const loaded = await policies.get(workspace);
      const outcome = await pool.classifyBody(poolPolicyOf(workspace, loaded), body);
      if (outcome.kind !== 'plain') return outcome;
      // A plain body's fields are the schema's output (plain-classify-body.ts); an unreadable one was not classified.
      const input = outcome.request as ClassifyInput;
      return { kind: 'preview', preview: previewOf(input, outcome.result ?? (await evaluate(workspace, loaded, input, 'refuse'))), reader: outcome.reader };
    },
    refuseIfBusy() {
      pool.refuseIfFull();
    },
    async classifyAndStore(workspace, input, admission) {
      if (workspace.plan !== 'active') throw new PlanInactiveError();
      const loaded = await policies.get(workspace);
      const engine = await evaluate(workspace, loaded, input, admission);
      // Findings dismissed on this asset stay dismissed (docs/triage.md); the engine's own are kept
      // for undo. The dismissals are read in the write batch's transaction (batch-dismissals.ts).
      const { policy, compiled } = loaded;
      const dismiss = input.unreadable ? undefined : (dismissed: readonly DismissedDetector[]) => withoutDismissed(compiled, policy.labels, engine.findings, dismissed);
      const saved = await repo.saveClassification(workspace.id, {
        source: input.source,
        name: input.name,
        asset_type: input.asset_type ?? null,
        label: engine.label,
        matched_rules: engine.matched_rules,
        findings: engine.findings,
        engine_findings: null,
        dismiss,
        classified_at: apiTimestamp(clock.now()),
        unreadable: input.unreadable ?? null,
      });
      deps.onStored?.(workspace, saved.asset);
      return saved;
    },
  };
}
