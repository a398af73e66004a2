// The soak's growth verdict: a least-squares fit over the second half of the RSS samples.
import { describe, expect, it } from 'vitest';
import { growthVerdict, slope } from '../reliability/rss-trend.ts';

const series = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, i) => ({ t: i * 5, rss: f(i * 5) }));

describe('RSS growth verdict', () => {
  it('fits the slope of a line exactly', () => {
    expect(slope(series(10, (t) => 100 + 0.5 * t))).toBeCloseTo(0.5, 10);
  });

  it('calls a warm-up followed by a plateau (with noise) flat', () => {
    const v = growthVerdict(series(36, (t) => (t < 60 ? 80 + t : 140) + ((t * 7919) % 5) - 2));
    expect(v.growing).toBe(false);
  });

  it('calls a flat series with large allocator swings flat, and a leak under the same swings growing', () => {
    // RSS of the soak's server swings by ±25 MiB between samples with a flat JS heap.
    const swing = (t: number) => [0, 22, -18, 25, -5, 12, -20, 8][(t / 5) % 8]!;
    expect(growthVerdict(series(36, (t) => 190 + swing(t) + (t > 150 ? 6 : 0))).growing).toBe(false);
    expect(growthVerdict(series(36, (t) => 190 + swing(t) + 0.5 * t)).growing).toBe(true); // 45 MiB over 90 s
  });

  it('calls a steady leak growing, even a slow one over a long half', () => {
    expect(growthVerdict(series(36, (t) => 100 + 0.2 * t)).growing).toBe(true); // 1 MiB per 5 s
    expect(growthVerdict(series(36, (t) => 100 + 0.01 * t)).growing).toBe(false); // 0.9 MiB over 90 s
  });
});
