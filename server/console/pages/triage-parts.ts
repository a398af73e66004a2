// The triage parts of the console (docs/triage.md): the dismiss form beside each finding's
// detectors, the asset's dismissals with Undo, the pin form or the pin with Unpin, and the
// Allow-list page. triage.js sends the forms to the admin API and reloads the page.
import type { AllowListEntry, Dismissal, Pin } from '../../storage/repository.ts';
import type { Label } from '../../../shared/engine/label-scheme.ts';
import { DISMISSAL_REASON_VALUES } from '../../../shared/api/triage-schemas.ts';
import { chip, type Html, html } from '../html.ts';

const REASON_TEXT: Record<(typeof DISMISSAL_REASON_VALUES)[number], string> = {
  false_positive: 'false positive',
  test_data: 'test data',
  accepted_risk: 'accepted risk',
};
const ts = (t: string) => t.replace('T', ' ');

/** One Dismiss form per detector of the finding at `index` (element ids from positions: rule names may hold spaces). */
export function dismissForms(index: number, rule: string, detectors: readonly { id: string }[]): Html {
  return html`${detectors.map(
    (d, j) => html`<form class="dismiss-form inline-form" data-rule="${rule}" data-detector="${d.id}">
  <label class="visually-hidden" for="reason-${String(index)}-${String(j)}">Reason</label>
  <select id="reason-${String(index)}-${String(j)}" name="reason">${DISMISSAL_REASON_VALUES.map((r) => html`<option value="${r}">${REASON_TEXT[r]}</option>`)}</select>
  <label class="visually-hidden" for="note-${String(index)}-${String(j)}">Note</label>
  <input id="note-${String(index)}-${String(j)}" name="note" maxlength="2000" placeholder="note">
  <button type="submit">Dismiss<span class="visually-hidden"> ${d.id} of ${rule}</span></button>
</form>`,
  )}`;
}

export function dismissalsSection(dismissals: readonly Dismissal[]): Html {
  return html`<section class="card" aria-labelledby="dismissed"><h2 id="dismissed">Dismissed findings</h2>
${
  dismissals.length === 0
    ? html`<p class="empty">Nothing dismissed.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Rule</th><th scope="col">Detector</th><th scope="col">Reason</th><th scope="col">Note</th><th scope="col">By</th><th scope="col">When (UTC)</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${dismissals.map(
        (d) => html`<tr><td>${d.rule}</td><td>${d.detector}</td><td>${REASON_TEXT[d.reason]}</td><td>${d.note || '—'}</td><td>${d.actor}</td><td>${ts(d.created_at)}</td>
<td><button type="button" data-undismiss="${String(d.id)}">Undo<span class="visually-hidden"> dismissal of ${d.detector}</span></button></td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
}

export function pinSection(pin: Pin | null, labels: readonly Label[]): Html {
  return html`<section class="card" aria-labelledby="pin"><h2 id="pin">Pinned label</h2>
${
  pin
    ? html`<p>${chip(pin.label)} pinned by ${pin.actor} on ${ts(pin.pinned_at)}: ${pin.reason}. Later classifications go to the history only.</p>
<p><button type="button" id="unpin">Unpin</button></p>`
    : html`<form id="pin-form" class="inline-form">
  <div class="field"><label for="pin-label">Label</label><select id="pin-label" name="label">${labels.map((l) => html`<option value="${l.name}">${l.name}</option>`)}</select></div>
  <div class="field"><label for="pin-reason">Reason</label><input id="pin-reason" name="reason" required maxlength="2000"></div>
  <div class="field actions"><button type="submit">Pin label</button></div>
</form>`
}
</section>`;
}

export function allowListBody(entries: readonly AllowListEntry[]): Html {
  return html`<p id="allow-error" class="error" role="alert"></p>
<section class="card" aria-labelledby="allow-new"><h2 id="allow-new">Allow-list a value</h2>
<p class="muted">The value stops being flagged in every asset of the workspace, on the server and in agents. It is stored only as a keyed hash and never shown again.</p>
<form id="allow-form" class="inline-form">
  <div class="field"><label for="allow-value">Value</label><input id="allow-value" name="value" required maxlength="500" autocomplete="off" spellcheck="false"></div>
  <div class="field"><label for="allow-reason">Reason</label><input id="allow-reason" name="reason" required maxlength="2000"></div>
  <div class="field actions"><button type="submit">Allow-list</button></div>
</form>
</section>
<section class="card" aria-labelledby="allow-list"><h2 id="allow-list">Allow-list</h2>
${
  entries.length === 0
    ? html`<p class="empty">No values allow-listed.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Reason</th><th scope="col">By</th><th scope="col">Added (UTC)</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${entries.map(
        (e) => html`<tr><td>${e.reason}</td><td>${e.actor}</td><td>${ts(e.created_at)}</td><td><button type="button" class="danger" data-disallow="${String(e.id)}">Remove<span class="visually-hidden"> ${e.reason}</span></button></td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
}
