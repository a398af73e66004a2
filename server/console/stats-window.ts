// The days the dashboard's statistics cover: `days` whole UTC days ending today (today included).
export function statsWindow(now: Date, days: number): { from: Date; since: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * 86_400_000);
  return { from, since: from.toISOString().slice(0, 10) };
}
