// Refuses regular expressions that can backtrack catastrophically (ReDoS), before they are stored.
// Patterns are evaluated with V8's backtracking engine for speed, so a pattern is accepted only when
// `recheck`'s automaton checker proves its analysed form (regex-analysis-form.ts: counted
// repetitions widened to loops, lookbehinds removed) free of exponential and polynomial ambiguity.
// A fuzzer failing to find an attack string is not a proof: the fuzz checker is never used, and a
// pattern the automaton checker cannot decide (unsupported syntax, too large, out of time) is
// refused with the reason. Pure computation, synchronous: the server runs it in a worker thread.
import { checkSync } from 'recheck';
import { alternativesOf, analysisForm } from './regex-analysis-form.ts';

export interface RegexVerdict {
  readonly safe: boolean;
  /** Why it was refused, for the user. */
  readonly reason?: string;
}

const SIMPLIFY = 'bound repetitions of single characters, avoid nested or overlapping quantifiers';

/** The verdict for one pattern; `timeoutMs` bounds the automaton analysis (running out of it refuses). */
export function provePattern(source: string, flags: string, timeoutMs: number): RegexVerdict {
  const form = analysisForm(source);
  if (!form.ok) return { safe: false, reason: `cannot be analysed: ${form.reason}` };
  const deadline = Date.now() + timeoutMs;
  for (const part of alternativesOf(form.source)) {
    const verdict = proveForm(source, part, flags, Math.max(1, deadline - Date.now()));
    if (!verdict.safe) return verdict;
  }
  return { safe: true };
}

function proveForm(source: string, form: string, flags: string, timeoutMs: number): RegexVerdict {
  const result = checkSync(form, flags.replace(/[gdy]/g, ''), { timeout: timeoutMs, checker: 'automaton' });
  if (result.status === 'safe' && result.checker === 'automaton') return { safe: true };
  if (result.status === 'vulnerable') {
    const attack = form !== source ? '' : `, e.g. on ${result.attack.pattern}`;
    return { safe: false, reason: `can backtrack catastrophically (${result.complexity.type} time${attack}); ${SIMPLIFY}` };
  }
  const why = result.status === 'unknown' ? result.error.kind : 'no automaton proof';
  return { safe: false, reason: `could not be proven free of catastrophic backtracking (${why}); ${SIMPLIFY}` };
}
