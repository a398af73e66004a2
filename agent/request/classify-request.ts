// The POST /classify body for one file, typed by the API's own schema (shared/api/schemas.ts):
// within both the content limit (characters) and the body limit (bytes, after JSON escaping),
// condensing long text as condense-content.ts explains; or, for a file whose text could not be
// read, the reason instead of content.
import { type ClassifyRequestBody, MEMBERS_MAX, UNREADABLE_MAX } from '../../shared/api/schemas.ts';
import type { MemberSpan } from '../../extract/extraction-result.ts';
import { spansInRanges } from '../../extract/member-of.ts';
import type { Classification } from '../../shared/engine/classify.ts';
import type { LoadedPolicy } from '../policy/policy-cache-file.ts';
import { type Condensed, condenseContent, PASSAGE_SEPARATOR } from './condense-content.ts';

export interface ClassifyBody {
  readonly body: string;
  readonly condensed: Condensed;
}

const MAX_SHRINK_ROUNDS = 6;

const requestJson = (request: ClassifyRequestBody) => JSON.stringify(request);

/** A file whose text could not be had: the server gives it the workspace's unreadable-file label. */
export function buildUnreadableBody(opts: { name: string; asset_type: string; reason: string }): string {
  return requestJson({ name: opts.name, asset_type: opts.asset_type, source: 'agent', unreadable: opts.reason.slice(0, UNREADABLE_MAX) });
}

export function buildClassifyBody(opts: {
  policy: LoadedPolicy;
  name: string;
  asset_type: string;
  text: string;
  /** Where each member of a container starts in `text`: sent so that the server names them in findings. */
  members?: readonly MemberSpan[] | undefined;
  full: Classification;
  contentChars: number;
  bodyBytes: number;
}): ClassifyBody {
  let budget = opts.contentChars;
  for (let round = 0; round < MAX_SHRINK_ROUNDS && budget > 0; round++) {
    const condensed = condenseContent({
      policy: opts.policy.compiled,
      levels: opts.policy.levels,
      name: opts.name,
      asset_type: opts.asset_type,
      text: opts.text,
      full: opts.full,
      budget,
    });
    const members = opts.members?.length ? spansInRanges(opts.members, condensed.ranges, PASSAGE_SEPARATOR.length) : [];
    // Past the server's cap (an archive of many tiny members), findings go without their member.
    const withMembers = members.length > 0 && members.length <= MEMBERS_MAX ? { members } : {};
    const body = requestJson({ name: opts.name, asset_type: opts.asset_type, content: condensed.content, source: 'agent', ...withMembers });
    const bytes = Buffer.byteLength(body);
    if (bytes <= opts.bodyBytes) return { body, condensed };
    // Escaped or multi-byte characters take more than one byte each: shrink in proportion.
    budget = Math.floor(Math.min(budget, condensed.content.length) * (opts.bodyBytes / bytes) * 0.95);
  }
  // Unreachable with sane limits (content_chars × 6 bytes fits body_bytes); never send an oversized body.
  const content = '';
  return { body: requestJson({ name: opts.name, asset_type: opts.asset_type, content, source: 'agent' }), condensed: { content, exact: false, condensed: true, passages: 0, ranges: [] } };
}
