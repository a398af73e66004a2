// The time one classification may take: the same rule on the server (server.classification) and
// in the agent, which uses the defaults.

/** Milliseconds per MiB (1,048,576 characters) of content. */
export const DEFAULT_BUDGET_MS_PER_MB = 10_000;
/** Milliseconds however small the content. */
export const DEFAULT_MIN_BUDGET_MS = 2_000;
const MIB_CHARS = 1024 * 1024;

/** The budget for content of `chars` characters. */
export function budgetFor(chars: number, opts: { readonly budgetMsPerMb: number; readonly minBudgetMs: number }): number {
  return Math.max(opts.minBudgetMs, Math.ceil((opts.budgetMsPerMb * chars) / MIB_CHARS));
}
