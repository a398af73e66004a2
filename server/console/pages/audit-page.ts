// The audit log: who changed what, when and from where; filters by action and actor, newest
// first, keyset paging. Each change is shown as compact JSON (names and settings, never secrets).
import { AUDIT_ACTIONS, describeActor } from '../../../shared/api/audit-schemas.ts';
import type { AuditRecord } from '../../storage/repository.ts';
import { type Html, html } from '../html.ts';

export interface AuditFilters {
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
}

export function auditBody(filters: AuditFilters, entries: readonly AuditRecord[], links: { first?: string | undefined; next?: string | undefined }): Html {
  const option = (value: string, text: string) => html`<option value="${value}"${value === (filters.action ?? '') ? html` selected` : ''}>${text}</option>`;
  return html`<form class="filters card" method="get" action="/audit" role="search">
  <div class="field"><label for="action">Action</label><select id="action" name="action">${option('', 'Any action')}${AUDIT_ACTIONS.map((a) => option(a, a))}</select></div>
  <div class="field"><label for="actor">Actor (key name, prefix or OS user)</label><input id="actor" name="actor" value="${filters.actor ?? ''}" maxlength="100"></div>
  <div class="field actions"><button type="submit">Filter</button> <a href="/audit">Clear</a></div>
</form>
${
  entries.length === 0
    ? html`<p class="empty" role="status">No audit entries match.</p>`
    : html`<div class="table-wrap"><table class="audit">
<caption class="visually-hidden">Audit log, newest first</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Address</th><th scope="col">Target</th><th scope="col">Changes</th></tr></thead>
<tbody>${entries.map(
        (e) => html`<tr data-audit-id="${e.id}"><td>${e.at.replace('T', ' ')}</td><td><code>${e.action}</code></td><td>${describeActor(e.actor)}</td><td>${e.address ?? '—'}</td><td>${e.target ?? '—'}</td>
<td class="changes">${e.changes ? html`<code>${JSON.stringify(e.changes)}</code>` : '—'}</td></tr>`,
      )}</tbody></table></div>`
}
<nav class="pager" aria-label="Pages">${links.first !== undefined ? html`<a href="/audit${links.first}">First page</a>` : ''}${links.next !== undefined ? html`<a rel="next" href="/audit${links.next}">Next page</a>` : ''}</nav>`;
}
