// Limits for containers (archives, mail, OOXML/ODF packages) and the budget one extraction spends against them.
import { ExtractError } from './extraction-result.ts';

export interface ContainerLimits {
  /** Most levels of containers inside containers (a zip in a zip in a zip is depth 3). */
  maxDepth: number;
  /** Most members read across the whole file, all levels together. */
  maxMembers: number;
  /** Most bytes all members together may inflate to, all levels together. */
  maxInflatedBytes: number;
  /** Highest compression ratio tolerated for a member inflating to at least ratioMinBytes. */
  maxRatio: number;
  ratioMinBytes: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_CONTAINER_LIMITS: Readonly<ContainerLimits> = {
  maxDepth: 3,
  maxMembers: 10_000,
  maxInflatedBytes: 256 * MIB,
  maxRatio: 200,
  ratioMinBytes: MIB,
};

/** What one extraction has spent; created per file, so nothing is shared between files. */
export class InflateBudget {
  members = 0;
  bytes = 0;
  constructor(readonly limits: ContainerLimits) {}

  /** Bytes a member may still inflate to. */
  remaining(): number {
    return Math.max(0, this.limits.maxInflatedBytes - this.bytes);
  }

  countMember(name: string): void {
    this.members++;
    if (this.members > this.limits.maxMembers) throw new ExtractError('bomb', `more than ${this.limits.maxMembers} members (at ${name})`);
  }

  /** Records an inflated member; throws 'bomb' past the byte budget or for an absurd compression ratio. */
  spend(name: string, inflated: number, compressed: number): void {
    this.bytes += inflated;
    if (this.bytes > this.limits.maxInflatedBytes) throw new ExtractError('bomb', `members inflate past ${this.limits.maxInflatedBytes} bytes (at ${name})`);
    const ratio = inflated / Math.max(compressed, 1);
    if (inflated >= this.limits.ratioMinBytes && ratio > this.limits.maxRatio) {
      throw new ExtractError('bomb', `member ${name} has compression ratio ${Math.round(ratio)}:1`);
    }
  }
}

/** The error zlib throws when maxOutputLength is reached. */
export function isOutputTooLarge(err: unknown): boolean {
  return err instanceof RangeError || (err as NodeJS.ErrnoException | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** A member name made safe to show: no control characters, bounded length. Names are never used as paths. */
export function displayName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** The container limits from configuration keys (`agent.limits.archive_*`, `server.limits.archive_*`). */
export function containerLimitsFrom(c: { archive_depth: number; archive_members: number; archive_inflated_bytes: number; archive_ratio: number }): ContainerLimits {
  return { maxDepth: c.archive_depth, maxMembers: c.archive_members, maxInflatedBytes: c.archive_inflated_bytes, maxRatio: c.archive_ratio, ratioMinBytes: DEFAULT_CONTAINER_LIMITS.ratioMinBytes };
}
