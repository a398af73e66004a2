// The growth-trend verdict of the soak: a least-squares line through the RSS samples of the
// second half of the run (the first half includes warm-up: JIT, SQLite page cache, pools).
export interface RssSample {
  /** Seconds since the start. */
  readonly t: number;
  readonly rss: number;
}

export interface GrowthVerdict {
  readonly slopeMiBPerMin: number;
  readonly growing: boolean;
  readonly reason: string;
}

/** Least-squares slope of rss over t (MiB per second); 0 for fewer than two samples. */
export function slope(samples: readonly RssSample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const mr = samples.reduce((a, s) => a + s.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (s.rss - mr);
    den += (s.t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Standard error of the fitted rise across the samples' span: how much of a rise the scatter of
 * the samples around the line could produce by itself (RSS swings by tens of MiB as the
 * allocator and the garbage collector come and go, with no leak at all).
 */
function riseStandardError(samples: readonly RssSample[], perSecond: number, span: number): number {
  const n = samples.length;
  if (n < 3) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const mr = samples.reduce((a, s) => a + s.rss, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  if (sxx === 0) return 0;
  const residuals = samples.reduce((a, s) => a + (s.rss - (mr + perSecond * (s.t - mt))) ** 2, 0);
  return (Math.sqrt(residuals / (n - 2)) / Math.sqrt(sxx)) * span;
}

/**
 * Growing when the fitted line over the second half rises by more than `toleranceMiB` (default:
 * the larger of 8 MiB and 5% of the median RSS) across that half, and by more than twice what
 * the samples' scatter alone explains (about 95% confidence that the rise is real).
 */
export function growthVerdict(samples: readonly RssSample[], toleranceMiB?: number): GrowthVerdict {
  const half = samples.slice(Math.floor(samples.length / 2));
  const perSecond = slope(half);
  const span = half.length > 1 ? half[half.length - 1]!.t - half[0]!.t : 0;
  const rise = perSecond * span;
  const sorted = half.map((s) => s.rss).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const tolerance = toleranceMiB ?? Math.max(8, median * 0.05);
  const noise = 2 * riseStandardError(half, perSecond, span);
  return {
    slopeMiBPerMin: perSecond * 60,
    growing: rise > tolerance && rise > noise,
    reason: `fitted rise ${rise.toFixed(1)} MiB over the last ${span.toFixed(0)} s; tolerance ${tolerance.toFixed(1)} MiB, twice the scatter's standard error ${noise.toFixed(1)} MiB`,
  };
}
