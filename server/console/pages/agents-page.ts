// Agents: the fleet as GET /api/v1/admin/agents returns it, stale agents first, each with when it
// last reported, its outbox and last scan, and a mark when it classifies with other rules.
import type { AgentList, AgentView } from '../../../shared/api/agent-schemas.ts';
import { type Html, html } from '../html.ts';

const when = (t: string) => t.replace('T', ' ');

function scanCell(a: AgentView): Html {
  const s = a.last_scan;
  if (!s) return html`none yet`;
  return html`${s.state} ${when(s.finished_at ?? s.started_at)}${s.rate > 0 ? html` (${s.rate}/s)` : ''}`;
}

function agentRow(a: AgentView): Html {
  const failures = a.failures.reduce((n, f) => n + f.count, 0);
  return html`<tr data-agent="${a.agent_id}"${a.stale ? html` class="stale"` : ''}>
<td>${a.stale ? html`<span class="badge badge-stale">stale</span>` : html`<span class="badge">live</span>`}</td>
<td><strong>${a.hostname}</strong><br><code class="muted">${a.agent_id}</code></td>
<td>${when(a.last_seen)}<br><span class="muted">every ${a.heartbeat_seconds} s</span></td>
<td>${a.version}<br><span class="muted">${a.os}</span></td>
<td>${a.roots.map((r, i) => html`${i ? html`<br>` : ''}<code>${r}</code>`)}</td>
<td>${a.files_tracked}</td>
<td>${a.outbox.depth}${a.outbox.oldest_age_seconds !== null ? html`<br><span class="muted">oldest ${a.outbox.oldest_age_seconds} s</span>` : ''}</td>
<td>${scanCell(a)}</td>
<td>${failures}</td>
<td>${a.rules_outdated ? html`<span class="badge badge-stale">outdated</span>` : a.rules_version === null ? html`none yet` : html`current`}</td></tr>`;
}

export function agentsBody(fleet: AgentList): Html {
  return html`<section class="cards" aria-label="Summary">
  <div class="card stat"><span class="stat-value">${fleet.agents.length}</span><span class="stat-name">agents</span></div>
  <div class="card stat"><span class="stat-value" id="stale-count">${fleet.stale}</span><span class="stat-name">stale (no report for three intervals)</span></div>
  <div class="card stat"><span class="stat-value">${fleet.agents.filter((a) => a.rules_outdated).length}</span><span class="stat-name">on other rules</span></div>
</section>
<section class="card" aria-labelledby="agent-list"><h2 id="agent-list">Agents</h2>
${
  fleet.agents.length === 0
    ? html`<p>No agent has reported yet. Agents report on start and every <code>agent.schedules.heartbeat</code> seconds.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">State</th><th scope="col">Host</th><th scope="col">Last seen (UTC)</th><th scope="col">Version</th><th scope="col">Roots</th><th scope="col">Files</th><th scope="col">Outbox</th><th scope="col">Last scan</th><th scope="col">Failures</th><th scope="col">Rules</th></tr></thead>
<tbody id="agent-rows">${fleet.agents.map(agentRow)}</tbody></table></div>`
}
</section>`;
}
