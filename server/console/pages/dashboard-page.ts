// The dashboard: assets by label and by source, classifications per day, and how many agents are stale.
import type { AssetStats, Workspace } from '../../storage/repository.ts';
import { barChart, dailyChart, SOURCE_COLORS } from '../charts.ts';
import { type Html, html } from '../html.ts';

export function dashboardBody(ws: Workspace, stats: AssetStats, from: Date, days: number, fleet: { agents: number; stale: number }): Html {
  const active = stats.by_label.reduce((s, l) => s + l.count, 0);
  return html`<section class="cards" aria-label="Summary">
  <div class="card stat"><span class="stat-value">${active}</span><span class="stat-name">assets in the inventory</span></div>
  <div class="card stat"><span class="stat-value">${ws.asset_count}${ws.max_assets === null ? '' : html` / ${ws.max_assets}`}</span><span class="stat-name">counted against the quota</span></div>
  <div class="card stat"><span class="stat-value">${stats.per_day.reduce((s, d) => s + d.count, 0)}</span><span class="stat-name">classifications in ${days} days</span></div>
  <div class="card stat${fleet.stale > 0 ? ' stat-alert' : ''}"><span class="stat-value" id="stale-agents">${fleet.stale}</span><span class="stat-name"><a href="/agents">stale agents</a> of ${fleet.agents}</span></div>
</section>
<div class="grid">
  <section class="card" aria-labelledby="by-label"><h2 id="by-label">Assets by label</h2>${barChart('Assets by label', stats.by_label.map((l) => ({ name: l.name, count: l.count, color: l.color })))}</section>
  <section class="card" aria-labelledby="by-source"><h2 id="by-source">Assets by source</h2>${barChart('Assets by source', stats.by_source.map((s) => ({ name: s.source, count: s.count, color: SOURCE_COLORS[s.source] ?? '#64748b' })))}</section>
</div>
<section class="card" aria-labelledby="per-day"><h2 id="per-day">Classifications per day (UTC, last ${days} days)</h2>${dailyChart('Classifications per day', stats.per_day, from, days)}
<details><summary>The same as a table</summary><div class="table-wrap"><table><thead><tr><th scope="col">Day (UTC)</th><th scope="col">Classifications</th></tr></thead>
<tbody>${stats.per_day.length === 0 ? html`<tr><td colspan="2">None in these ${days} days</td></tr>` : stats.per_day.map((d) => html`<tr><td>${d.day}</td><td>${d.count}</td></tr>`)}</tbody></table></div></details></section>`;
}
