// Exponential backoff with jitter for webhook retries: attempt n waits base * 2^(n-1), capped, and
// then a random point between half of that and all of it, so receivers coming back are not hit
// by every server's retries at once.
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
