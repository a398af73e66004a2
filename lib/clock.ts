// Time is passed in, so tests and the server agree on "now".
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** UTC, ISO 8601, seconds precision, as SPEC §3 shows it: `2026-06-12T08:30:00`. */
export function apiTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}
