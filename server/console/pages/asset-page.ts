// One asset: its current label, masked findings (each detector with a Dismiss form), what was
// dismissed, the pinned label, and the label history with who changed it and why.
import type { AssetDetail } from '../../../shared/api/schemas.ts';
import type { Label } from '../../../shared/engine/label-scheme.ts';
import type { AssetTriageState } from '../../storage/repository.ts';
import { chip, type Html, html } from '../html.ts';
import { dismissalsSection, dismissForms, pinSection } from './triage-parts.ts';

export function assetBody(a: AssetDetail, triage: AssetTriageState, labels: readonly Label[]): Html {
  return html`<p><a href="/inventory">← Inventory</a></p>
<p id="triage-error" class="error" role="alert"></p>
<section class="card">
<dl class="facts">
  <dt>Name</dt><dd class="name">${a.name}</dd>
  <dt>Label</dt><dd>${chip(a.label)} (level ${a.label.level})${triage.pin ? ' — pinned' : ''}</dd>
  <dt>Source</dt><dd>${a.source}</dd>
  <dt>Type</dt><dd>${a.asset_type ?? '—'}</dd>
  <dt>Classified (UTC)</dt><dd>${a.classified_at.replace('T', ' ')}</dd>
  <dt>Status</dt><dd>${a.removed_at ? `removed ${a.removed_at.replace('T', ' ')}` : 'present'}</dd>
  ${a.unreadable ? html`<dt>Unreadable</dt><dd>${a.unreadable} — labelled with the workspace's unreadable-file label, not by its content</dd>` : ''}
</dl>
</section>
<section class="card" aria-labelledby="findings"><h2 id="findings">Findings</h2>
${
  a.findings.length === 0
    ? html`<p class="empty">No rule matched.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Rule</th><th scope="col">Label</th><th scope="col">Matches</th><th scope="col">Confidence</th><th scope="col">Masked samples</th><th scope="col">Dismiss</th></tr></thead>
<tbody>${a.findings.map(
        (f, i) => html`<tr><td>${f.rule}</td><td>${f.label}</td><td>${f.count}</td><td>${f.confidence}</td>
<td>${f.samples.length === 0 ? '—' : html`<ul class="samples">${f.samples.map((s) => html`<li><code>${s.value}</code> <span class="muted">${s.detector}</span></li>`)}</ul>`}</td>
<td>${dismissForms(i, f.rule, f.detectors)}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
${dismissalsSection(triage.dismissals)}
${pinSection(triage.pin, labels)}
<section class="card" aria-labelledby="history"><h2 id="history">Label history</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Label</th><th scope="col">Matched rules</th><th scope="col">Changed by</th></tr></thead>
<tbody>${a.history.map(
  (h) => html`<tr><td>${h.classified_at.replace('T', ' ')}</td><td>${chip(h.label)}</td><td>${h.matched_rules || '—'}</td><td>${h.actor ? html`${h.actor}: ${h.reason ?? ''}` : 'classification'}</td></tr>`,
)}</tbody></table></div>
</section>`;
}
