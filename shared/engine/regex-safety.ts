// Refuses regular expressions that can backtrack catastrophically (ReDoS), before they are stored.
// Patterns are evaluated with V8's backtracking engine for speed, so every pattern must be shown
// safe at import: `recheck` proves linear behaviour or finds an attack string. A pattern it cannot
// decide within the time budget is refused too — simplify it (bound repetitions, avoid nested or
// overlapping quantifiers). The check is pure computation; recheck runs it in a helper thread.
import { checkSync } from 'recheck';

export interface RegexVerdict {
  readonly safe: boolean;
  /** Why it was refused, for the user. */
  readonly reason?: string;
}

export interface RegexSafetyChecker {
  check(source: string, flags: string): RegexVerdict;
}

/** A checker with its own memo of verdicts (the same pattern is only analysed once). */
export function createRegexSafetyChecker(opts: { timeoutMs?: number } = {}): RegexSafetyChecker {
  const timeout = opts.timeoutMs ?? 5000;
  const memo = new Map<string, RegexVerdict>();
  return {
    check(source, flags) {
      const key = `${flags}/${source}`;
      const known = memo.get(key);
      if (known) return known;
      const result = checkSync(source, flags.replace(/[gdy]/g, ''), { timeout, checker: 'auto' });
      let verdict: RegexVerdict;
      if (result.status === 'safe') verdict = { safe: true };
      else if (result.status === 'vulnerable') {
        verdict = { safe: false, reason: `can backtrack catastrophically (${result.complexity.type} time, e.g. on ${result.attack.pattern})` };
      } else verdict = { safe: false, reason: `could not be proven free of catastrophic backtracking (${result.error.kind}); bound repetitions and avoid nested or overlapping quantifiers` };
      memo.set(key, verdict);
      return verdict;
    },
  };
}
