// Messages between the rule analyser and its worker thread.
import type { SafetyItem } from '../../../shared/engine/rule-safety.ts';

export interface AnalysisRequest {
  readonly items: readonly SafetyItem[];
  readonly patternTimeoutMs: number;
}

export type AnalysisReply =
  | { readonly type: 'ready' }
  | { readonly type: 'item'; readonly key: string; readonly problem: string | null }
  | { readonly type: 'done' };
