// Classify page: one asset by hand (source `manual`), and CSV upload (source `csv`) with upload
// and classification progress and the per-row error report.
import { adminApi, chipElement, csrfToken, el, errorText } from './console.js';

document.getElementById('manual-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const target = document.getElementById('manual-result');
  try {
    const asset = await adminApi('POST', '/classifications', {
      name: form.elements.name.value,
      asset_type: form.elements.asset_type.value.trim() || null,
      content: form.elements.content.value || null,
    });
    target.replaceChildren(
      el('p', { role: 'status' }, ['Stored as ', chipElement(asset.label), ' ', el('a', { href: `/assets/${asset.id}`, text: asset.name })]),
      el('p', { class: 'muted', text: `Matched rules: ${asset.matched_rules || 'none'}` }),
    );
    form.elements.content.value = '';
  } catch (err) {
    target.replaceChildren(el('p', { class: 'error', role: 'alert', text: err.message }));
  }
});

function report(target, result) {
  const children = [
    el('p', { role: 'status', class: 'csv-summary', text: `${result.done} row${result.done === 1 ? '' : 's'} classified, ${result.failed.length} failed.` }),
    el('p', {}, [el('a', { href: '/inventory?source=csv', text: 'See the CSV assets in the inventory' })]),
  ];
  if (result.failed.length > 0) {
    children.push(
      el('div', { class: 'table-wrap' }, [
        el('table', { class: 'csv-errors' }, [
          el('caption', { text: 'Rows not classified' }),
          el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: 'Line' }), el('th', { scope: 'col', text: 'Reason' })])]),
          el('tbody', {}, result.failed.map((f) => el('tr', {}, [el('td', { text: String(f.line) }), el('td', { text: f.reason })]))),
        ]),
      ]),
    );
  }
  target.replaceChildren(...children);
}

document.getElementById('csv-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const file = event.currentTarget.elements.file.files[0];
  const target = document.getElementById('csv-result');
  const box = document.getElementById('csv-progress');
  const bar = document.getElementById('csv-bar');
  const phase = document.getElementById('csv-phase');
  if (!file) return;
  target.replaceChildren();
  box.hidden = false;
  phase.textContent = 'Uploading…';
  bar.value = 0;
  const xhr = new XMLHttpRequest();
  let seen = 0;
  const lines = () => {
    const text = xhr.responseText;
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const fresh = complete.slice(seen);
    seen = complete.length;
    return fresh.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  });
  xhr.addEventListener('progress', () => {
    if (xhr.status !== 200) return;
    for (const line of lines()) {
      if (line.type === 'progress') {
        phase.textContent = `Classifying… ${line.done} done, ${line.failed} failed`;
        bar.value = Math.round((line.bytes_read / Math.max(1, line.total_bytes)) * 100);
      }
    }
  });
  xhr.addEventListener('load', () => {
    bar.value = 100;
    if (xhr.status !== 200) {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      phase.textContent = 'Upload refused';
      target.replaceChildren(el('p', { class: 'error', role: 'alert', text: errorText(body, xhr.status) }));
      return;
    }
    seen = 0;
    const all = lines();
    const end = all.find((l) => l.type === 'result' || l.type === 'error');
    phase.textContent = 'Done';
    if (end && end.type === 'result') report(target, end);
    else target.replaceChildren(el('p', { class: 'error', role: 'alert', text: end ? end.detail : 'The import stopped unexpectedly.' }));
  });
  xhr.addEventListener('error', () => {
    phase.textContent = 'Upload failed';
    target.replaceChildren(el('p', { class: 'error', role: 'alert', text: 'The server could not be reached.' }));
  });
  xhr.open('POST', '/api/v1/admin/csv-imports');
  xhr.setRequestHeader('Content-Type', 'text/csv');
  xhr.setRequestHeader('X-CSRF-Token', csrfToken());
  xhr.send(file);
});
