// Labels & rules page: enable/disable, priority, the JSON rule editor, and the test box that
// previews pasted text and highlights the (masked) matches.
import { adminApi, chipElement, el, showError } from './console.js';

const errorBox = document.getElementById('rules-error');
const editor = document.getElementById('editor');
const editorForm = document.getElementById('rule-editor');
const editorError = document.getElementById('editor-error');
const jsonBox = document.getElementById('rule-json');
const editing = document.getElementById('editing-rule');

/** Re-reads the rules table from the server's page, keeping everything else (the test box) as it is. */
async function refreshTable() {
  const res = await fetch('/rules', { credentials: 'same-origin' });
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const fresh = doc.querySelector('.rules-table tbody');
  if (fresh) document.querySelector('.rules-table tbody').replaceWith(document.adoptNode(fresh));
}

document.querySelector('.rules-table').addEventListener('click', async (event) => {
  const toggle = event.target.closest('button[data-toggle]');
  const edit = event.target.closest('button[data-edit]');
  errorBox.textContent = '';
  try {
    if (toggle) {
      await adminApi('PATCH', `/rules/${encodeURIComponent(toggle.dataset.toggle)}`, { enabled: toggle.dataset.enabled !== 'true' });
      await refreshTable();
    } else if (edit) {
      const { rules } = await adminApi('GET', '/policy');
      const rule = rules.find((r) => r.name === edit.dataset.edit);
      if (!rule) return;
      editing.value = rule.name;
      jsonBox.value = JSON.stringify(rule, null, 2);
      editorError.textContent = '';
      document.getElementById('editor-title').textContent = `Edit rule: ${rule.name}`;
      editor.hidden = false;
      jsonBox.focus();
    }
  } catch (err) {
    showError(errorBox, err);
  }
});

document.querySelector('.rules-table').addEventListener('submit', async (event) => {
  const form = event.target.closest('form.priority-form');
  if (!form) return;
  event.preventDefault();
  errorBox.textContent = '';
  try {
    await adminApi('PATCH', `/rules/${encodeURIComponent(form.dataset.rule)}`, { priority: Number(form.elements.priority.value) });
    await refreshTable();
  } catch (err) {
    showError(errorBox, err);
  }
});

editorForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  editorError.textContent = '';
  let definition;
  try {
    definition = JSON.parse(jsonBox.value);
  } catch (err) {
    editorError.textContent = `Not valid JSON: ${err.message}`;
    return;
  }
  try {
    await adminApi('PUT', `/rules/${encodeURIComponent(editing.value)}`, definition);
    editor.hidden = true;
    await refreshTable();
    errorBox.textContent = '';
    document.getElementById('rules-error').textContent = '';
    document.getElementById('preview-text').focus();
  } catch (err) {
    showError(editorError, err);
  }
});

document.getElementById('cancel-edit').addEventListener('click', () => {
  editor.hidden = true;
});

/** The text with each counted match replaced by its masked value in a <mark>. */
function highlighted(text, findings) {
  const samples = findings
    .flatMap((f) => f.samples.map((s) => ({ ...s, rule: f.rule })))
    .sort((a, b) => a.offset - b.offset);
  const out = el('pre', { class: 'highlighted' });
  let at = 0;
  for (const s of samples) {
    if (s.offset < at) continue; // overlapping matches: keep the first
    out.append(text.slice(at, s.offset));
    out.append(el('mark', { title: `${s.rule} (${s.detector})`, text: s.value }));
    at = s.offset + s.length;
  }
  out.append(text.slice(at));
  return out;
}

document.getElementById('preview-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const target = document.getElementById('preview-result');
  const content = form.elements.content.value;
  try {
    const result = await adminApi('POST', '/classify/preview', { name: form.elements.name.value || 'pasted-text.txt', content });
    const findings = result.findings.map((f) =>
      el('li', {}, [`${f.rule} → ${f.label}: ${f.count} match${f.count === 1 ? '' : 'es'}, ${f.confidence} confidence`]),
    );
    target.replaceChildren(
      el('p', { class: 'preview-label' }, ['Label: ', chipElement(result.label)]),
      el('p', { class: 'preview-rules', text: `Matched rules: ${result.matched_rules || 'none'}` }),
      el('ul', {}, findings),
      el('p', { class: 'muted', text: 'Matches are shown masked:' }),
      highlighted(content, result.findings),
    );
  } catch (err) {
    target.replaceChildren(el('p', { class: 'error', role: 'alert', text: err.message }));
  }
});
