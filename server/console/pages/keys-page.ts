// API keys: create (the key is shown once, with a copy button), list, revoke with confirmation.
// The list is rendered here and re-rendered by keys.js after a change.
import type { ApiKeyView } from '../../../shared/api/admin-schemas.ts';
import { type Html, html } from '../html.ts';

export function keyRows(keys: readonly ApiKeyView[]): Html {
  return html`${keys.map(
    (k) => html`<tr data-key="${k.name}"><td>${k.name}</td><td><code>${k.prefix}…</code></td><td>${k.role}</td><td>${k.created_at.replace('T', ' ')}</td>
<td>${k.last_used_at ? k.last_used_at.replace('T', ' ') : 'never'}</td>
<td>${k.revoked_at ? html`<span class="badge">revoked ${k.revoked_at.replace('T', ' ')}</span>` : html`active`}</td>
<td>${k.revoked_at ? '' : html`<button type="button" class="danger" data-revoke="${k.name}">Revoke<span class="visually-hidden"> ${k.name}</span></button>`}</td></tr>`,
  )}`;
}

export function keysBody(keys: readonly ApiKeyView[]): Html {
  return html`<section class="card" aria-labelledby="new-key"><h2 id="new-key">Create a key</h2>
<form id="create-key" class="inline-form">
  <div class="field"><label for="key-name">Name</label><input id="key-name" name="name" required maxlength="100" placeholder="billing-app"></div>
  <div class="field"><label for="key-role">Role</label><select id="key-role" name="role"><option value="api" selected>api — clients and agents</option><option value="admin">admin — also the console</option></select></div>
  <div class="field actions"><button type="submit">Create key</button></div>
</form>
<div id="created-key" class="created" hidden>
  <p role="status"><strong>Copy this key now: it is shown only once.</strong></p>
  <div class="copy-row"><label for="created-key-value" class="visually-hidden">New key</label><input id="created-key-value" readonly spellcheck="false"><button type="button" id="copy-key">Copy</button></div>
  <p id="copy-status" class="muted" role="status"></p>
</div>
<p id="keys-error" class="error" role="alert"></p>
<p id="keys-status" class="muted" role="status"></p>
</section>
<section class="card" aria-labelledby="key-list"><h2 id="key-list">Keys</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Role</th><th scope="col">Created (UTC)</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody id="key-rows">${keyRows(keys)}</tbody></table></div>
</section>`;
}
