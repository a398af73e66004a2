// Inline SVG charts for the dashboard: horizontal bars (counts by label or source) and columns
// (classifications per day). Every bar carries its name and number as text, so colour is never
// the only signal; each chart has a title for screen readers.
import { type Html, html } from './html.ts';

export interface Bar {
  readonly name: string;
  readonly count: number;
  readonly color: string;
}

export function barChart(title: string, bars: readonly Bar[]): Html {
  if (bars.length === 0) return html`<p class="empty">No assets yet.</p>`;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const rowHeight = 30;
  const labelWidth = 130;
  const width = 460;
  const barSpace = width - labelWidth - 60;
  const height = bars.length * rowHeight + 4;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}: ${bars.map((b) => `${b.name} ${b.count}`).join(', ')}">
<title>${title}</title>
${bars.map((b, i) => {
  const y = i * rowHeight + 2;
  const w = Math.max(2, Math.round((b.count / max) * barSpace));
  return html`<g><text x="${labelWidth - 8}" y="${y + 19}" text-anchor="end" class="chart-label">${b.name}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}" rx="3" fill="${b.color}" stroke="#374151" stroke-width="0.5"></rect>
<text x="${labelWidth + w + 6}" y="${y + 19}" class="chart-value">${b.count}</text></g>`;
})}
</svg>`;
}

/** One column per day from `from` (YYYY-MM-DD) for `days` days; missing days count zero. */
export function dailyChart(title: string, perDay: readonly { day: string; count: number }[], from: Date, days: number): Html {
  const counts = new Map(perDay.map((d) => [d.day, d.count]));
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  const max = Math.max(...series.map((d) => d.count), 1);
  const width = 1100;
  const height = 230;
  const left = 40;
  const bottom = 24;
  const colWidth = (width - left - 8) / days;
  const plot = height - bottom - 10;
  const total = series.reduce((s, d) => s + d.count, 0);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}: ${total} in ${days} days">
<title>${title}</title>
<line x1="${left}" y1="${height - bottom}" x2="${width - 4}" y2="${height - bottom}" stroke="#6b7280"></line>
<text x="${left - 6}" y="14" text-anchor="end" class="chart-value">${max}</text>
<text x="${left - 6}" y="${height - bottom}" text-anchor="end" class="chart-value">0</text>
${series.map((d, i) => {
  const h = Math.round((d.count / max) * plot);
  const x = left + i * colWidth + 1;
  return html`<rect x="${x.toFixed(1)}" y="${height - bottom - h}" width="${Math.max(1, colWidth - 2).toFixed(1)}" height="${h}" fill="#2563eb"><title>${d.day}: ${d.count}</title></rect>`;
})}
<text x="${left}" y="${height - 6}" class="chart-value">${series[0]!.day}</text>
<text x="${width - 4}" y="${height - 6}" text-anchor="end" class="chart-value">${series[series.length - 1]!.day}</text>
</svg>`;
}

export const SOURCE_COLORS: Readonly<Record<string, string>> = { manual: '#8b5cf6', csv: '#14b8a6', agent: '#f97316', api: '#64748b' };
