// Messages between the classification pool and its worker threads.
import type { AllowListDefinition } from '../engine/allow-list.ts';
import type { Exclusions, RuleDefinition } from '../engine/rule-definition.ts';
import type { Label } from '../engine/label-scheme.ts';
import type { AssetInput, Classification } from '../engine/classify.ts';
import type { PlainBodyLimits, PlainClassifyBody } from './plain-classify-body.ts';

/** What the worker compiles; the same definitions give the same compiled policy everywhere. */
export interface PolicyDefinitions {
  readonly labels: readonly Label[];
  /** All rules, enabled or not, in priority order. */
  readonly rules: readonly RuleDefinition[];
  /** Workspace-wide exclusions, applied to every rule. */
  readonly exclusions: Exclusions;
  /** The workspace allow-list (keyed hashes of values); absent when there is none. */
  readonly allow_list?: AllowListDefinition | undefined;
}

export interface ClassifyRequest {
  readonly id: number;
  /** Identifies the policy (e.g. workspace and revision); the worker keeps compiled policies by key. */
  readonly key: string;
  /** Sent when the worker may not have this key compiled (it answers `missing` otherwise). */
  readonly policy: PolicyDefinitions | null;
  /** The asset to classify; null when `body` is sent instead. */
  readonly asset: AssetInput | null;
  readonly body: ClassifyBody | null;
}

/**
 * A classify request's JSON body, which the worker parses (json-body-text.ts) and checks
 * (plain-classify-body.ts) itself: the bytes are transferred, not copied, and the caller's thread
 * never holds the parsed content (POST /classify/preview with a large body).
 */
export interface ClassifyBody {
  readonly bytes: ArrayBuffer;
  readonly limits: PlainBodyLimits;
}

/** What became of a ClassifyBody. */
export type BodyOutcome =
  /** Not JSON: the parser's message. */
  | { readonly kind: 'invalid'; readonly message: string }
  /**
   * JSON, but not a plain body: its bytes come back (transferred) for the caller to parse and
   * validate with the schema, as a small body is. Never the parsed value: structured clone
   * recurses where JSON.parse does not, so a deeply nested body could not be sent back.
   * `reader`: how the worker read it, as for a plain body.
   */
  | { readonly kind: 'unusual'; readonly bytes: ArrayBuffer; readonly reader: BodyReader }
  /**
   * A plain body, less its content, and its classification (null when `unreadable` is set: nothing
   * was classified). `reader`: how the body was read — 'fast' by the name/content reader
   * (name-content-body.ts), 'parse' by JSON.parse of the whole body.
   */
  | { readonly kind: 'plain'; readonly request: Omit<PlainClassifyBody, 'content'>; readonly result: Classification | null; readonly reader: BodyReader };

/** How a body was read: name-content-body.ts, or JSON.parse of the whole body (json-body-text.ts). */
export type BodyReader = 'fast' | 'parse';

export type ClassifyReply =
  | { readonly type: 'ready' }
  | { readonly id: number; readonly type: 'result'; readonly result: Classification }
  /** The worker does not hold the policy: the job again with it (a body's bytes come back to be sent again). */
  | { readonly id: number; readonly type: 'missing'; readonly bytes?: ArrayBuffer | undefined }
  /** A body was parsed and is plain: its content, of `chars` characters, is being classified now. */
  | { readonly id: number; readonly type: 'started'; readonly chars: number }
  | { readonly id: number; readonly type: 'body'; readonly outcome: BodyOutcome }
  /** The worker's name/content reader stopped (name-content-body.ts, `failure`): said once, for the log; bodies go to JSON.parse from then on. */
  | { readonly type: 'reader_failed'; readonly reason: string }
  /** The job failed: the engine threw (on `rule`), or the reply could not be sent. */
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly rule: string | null };

/** workerData: where the worker writes the index of the rule it is evaluating (-1 between jobs). */
export interface ClassifyWorkerData {
  readonly progress: SharedArrayBuffer;
}
