// Webhooks: add one (its signing secret shown once, with a copy button), enable/disable, delete
// with confirmation, and a webhook's recent deliveries with their attempts and a Retry button.
// The page is rendered here; webhooks.js re-renders the lists after each change.
import { WEBHOOK_EVENT_TYPES, type WebhookView } from '../../../shared/api/webhook-schemas.ts';
import type { Label } from '../../../shared/engine/label-scheme.ts';
import { type Html, html } from '../html.ts';

export function webhookRows(hooks: readonly WebhookView[]): Html {
  return html`${hooks.map(
    (w) => html`<tr data-webhook="${String(w.id)}"><td>${String(w.id)}</td><td><code>${w.url}</code></td><td>${w.events.join(', ')}</td><td>${w.min_level === null ? 'any' : String(w.min_level)}</td>
<td>${w.enabled ? 'enabled' : html`<span class="badge">disabled</span>${w.disabled_reason ? html` <span class="muted">${w.disabled_reason}</span>` : ''}`}</td>
<td><button type="button" data-deliveries="${String(w.id)}">Deliveries<span class="visually-hidden"> of webhook ${String(w.id)}</span></button>
<button type="button" data-toggle="${String(w.id)}" data-enabled="${String(w.enabled)}">${w.enabled ? 'Disable' : 'Enable'}<span class="visually-hidden"> webhook ${String(w.id)}</span></button>
<button type="button" class="danger" data-delete="${String(w.id)}">Delete<span class="visually-hidden"> webhook ${String(w.id)}</span></button></td></tr>`,
  )}`;
}

export function webhooksBody(hooks: readonly WebhookView[], labels: readonly Label[]): Html {
  return html`<section class="card" aria-labelledby="new-webhook"><h2 id="new-webhook">Add a webhook</h2>
<form id="create-webhook" class="inline-form">
  <div class="field"><label for="webhook-url">URL</label><input id="webhook-url" name="url" type="url" required maxlength="2048" placeholder="https://tickets.example.com/hooks/assay"></div>
  <fieldset class="field"><legend>Events</legend>${WEBHOOK_EVENT_TYPES.map(
    (e) => html`<label><input type="checkbox" name="events" value="${e}"${e === 'asset.escalated' ? ' checked' : ''}> ${e}</label> `,
  )}</fieldset>
  <div class="field"><label for="webhook-level">Minimum label</label><select id="webhook-level" name="min_level"><option value="">any</option>${labels.map(
    (l) => html`<option value="${String(l.level)}">${l.name} (${String(l.level)}) and above</option>`,
  )}</select></div>
  <div class="field actions"><button type="submit">Add webhook</button></div>
</form>
<div id="created-webhook" class="created" hidden>
  <p role="status"><strong>Copy the signing secret now: it is shown only once.</strong> Receivers verify deliveries with it (docs/webhooks.md).</p>
  <div class="copy-row"><label for="created-secret" class="visually-hidden">Signing secret</label><input id="created-secret" readonly spellcheck="false"><button type="button" id="copy-secret">Copy</button></div>
  <p id="copy-status" class="muted" role="status"></p>
</div>
<p id="webhooks-error" class="error" role="alert"></p>
<p id="webhooks-status" class="muted" role="status"></p>
</section>
<section class="card" aria-labelledby="webhook-list"><h2 id="webhook-list">Webhooks</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Id</th><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Min level</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody id="webhook-rows">${webhookRows(hooks)}</tbody></table></div>
</section>
<section class="card" id="deliveries" aria-labelledby="deliveries-title" hidden><h2 id="deliveries-title">Deliveries</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Id</th><th scope="col">Event</th><th scope="col">Created (UTC)</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody id="delivery-rows"></tbody></table></div>
</section>`;
}
