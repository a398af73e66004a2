// Workspace status: plan, quota used and limit, suspension.
import type { Workspace } from '../../storage/repository.ts';
import { type Html, html } from '../html.ts';

export function workspaceBody(ws: Workspace): Html {
  const quota =
    ws.max_assets === null
      ? html`${ws.asset_count} used, no limit`
      : html`${ws.asset_count} of ${ws.max_assets} used <meter min="0" max="${ws.max_assets}" value="${ws.asset_count}" high="${Math.floor(ws.max_assets * 0.9)}" aria-label="Quota used">${ws.asset_count}/${ws.max_assets}</meter>`;
  return html`<section class="card"><dl class="facts">
<dt>Name</dt><dd>${ws.name}</dd>
<dt>Plan</dt><dd>${ws.plan === 'active' ? 'active' : html`<span class="badge">inactive — classification refused</span>`}</dd>
<dt>Assets (quota)</dt><dd>${quota}</dd>
<dt>Suspended</dt><dd>${ws.suspended ? html`<span class="badge">yes — every API key is refused</span>` : 'no'}</dd>
<dt>Created (UTC)</dt><dd>${ws.created_at.replace('T', ' ')}</dd>
</dl>
<p class="muted">Plan, quota and suspension are changed with the admin CLI (<code>assay workspaces …</code>).</p></section>`;
}
