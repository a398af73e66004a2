// Manual classification (source `manual`) and CSV upload (source `csv`) with progress and a
// per-row error report.
import { type Html, html } from '../html.ts';

export function classifyBody(maxBytes: number): Html {
  return html`<div class="grid">
<section class="card" aria-labelledby="manual"><h2 id="manual">Classify one asset</h2>
<form id="manual-form">
  <div class="field"><label for="m-name">Asset name</label><input id="m-name" name="name" required maxlength="1024" placeholder="Board minutes March.docx"></div>
  <div class="field"><label for="m-type">Asset type (optional)</label><input id="m-type" name="asset_type" maxlength="64" placeholder="document"></div>
  <div class="field"><label for="m-content">Content to inspect (not stored)</label><textarea id="m-content" name="content" rows="6"></textarea></div>
  <button type="submit">Classify and store</button>
</form>
<div id="manual-result" aria-live="polite"></div>
</section>
<section class="card" aria-labelledby="csv"><h2 id="csv">Upload a CSV</h2>
<p class="muted">Columns <code>name</code> (required), <code>asset_type</code>, <code>content</code>; a header row first. Up to ${Math.floor(maxBytes / 1024)} KiB. Each row is classified with source <code>csv</code>; content is not stored.</p>
<form id="csv-form">
  <div class="field"><label for="csv-file">CSV file</label><input id="csv-file" name="file" type="file" accept=".csv,text/csv" required></div>
  <button type="submit">Upload and classify</button>
</form>
<div id="csv-progress" hidden><label for="csv-bar" id="csv-phase">Uploading…</label> <progress id="csv-bar" max="100" value="0"></progress></div>
<div id="csv-result" aria-live="polite"></div>
</section>
</div>`;
}
