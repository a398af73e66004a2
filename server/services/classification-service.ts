// Classifies an asset with its workspace's policy and stores the result in the inventory.
import type { Asset, AssetSource, Preview } from '../../shared/api/schemas.ts';
import type { ClassificationPool } from '../../shared/classify-pool/classification-pool.ts';
import { PlanInactiveError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { Repository, Workspace } from '../storage/repository.ts';
import type { PolicyCache } from './policy-cache.ts';
import { unreadableLabel } from './unreadable-label.ts';
import type { MemberSpan } from '../../extract/extraction-result.ts';
import { nameMembers } from '../../extract/member-of.ts';

export interface ClassifyInput {
  readonly name: string;
  readonly asset_type?: string | null | undefined;
  readonly content?: string | null | undefined;
  readonly source: AssetSource;
  /** Set when the text could not be read (`code: reason`): content is ignored, the unreadable-file label applies. */
  readonly unreadable?: string | null | undefined;
  /** Container members in the content (an uploaded archive or mail, or one the agent read): each sample then names its member. */
  readonly members?: readonly MemberSpan[] | undefined;
}

export interface ClassificationService {
  /** Evaluates without storing anything; the answer of POST /classify/preview (API and console). */
  preview(workspace: Workspace, input: ClassifyInput): Promise<Preview>;
  /** Evaluates and stores; throws PlanInactiveError or AssetQuotaError, storing nothing. */
  classifyAndStore(workspace: Workspace, input: ClassifyInput): Promise<{ asset: Asset }>;
}

/** Classification runs in `pool`'s worker threads, within its time budget (ClassificationBudgetError). */
export function createClassificationService(deps: { repo: Repository; clock: Clock; policies: PolicyCache; pool: ClassificationPool }): ClassificationService {
  const { repo, clock, policies, pool } = deps;
  const evaluate = async (workspace: Workspace, input: ClassifyInput) => {
    const { policy, compiled } = await policies.get(workspace);
    if (input.unreadable) return { label: unreadableLabel(policy.labels, workspace.unreadable_label), matched_rules: [], findings: [] };
    const key = `${workspace.id}:${workspace.policy_revision}`;
    const asset = { name: input.name, asset_type: input.asset_type ?? null, content: input.content ?? null };
    const result = await pool.classify({ key, definitions: policy, ruleNames: compiled.rules.map((r) => r.name) }, asset);
    return input.members?.length ? { ...result, findings: nameMembers(result.findings, input.members) } : result;
  };
  return {
    async preview(workspace, input) {
      const result = await evaluate(workspace, input);
      return {
        name: input.name,
        asset_type: input.asset_type ?? null,
        label: result.label,
        matched_rules: result.matched_rules.join(', '),
        findings: result.findings as Preview['findings'],
      };
    },
    async classifyAndStore(workspace, input) {
      if (workspace.plan !== 'active') throw new PlanInactiveError();
      const result = await evaluate(workspace, input);
      return repo.saveClassification(workspace.id, {
        source: input.source,
        name: input.name,
        asset_type: input.asset_type ?? null,
        label: result.label,
        matched_rules: result.matched_rules,
        findings: result.findings,
        classified_at: apiTimestamp(clock.now()),
        unreadable: input.unreadable ?? null,
      });
    },
  };
}
