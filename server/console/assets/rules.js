// Labels & rules page: labels (add, change, remove), rules (enable/disable, priority, the JSON
// rule editor), and the test box that previews pasted text and highlights the (masked) matches.
import { adminApi, chipElement, el, showError } from './console.js';

const errorBox = document.getElementById('rules-error');
const editor = document.getElementById('editor');
const editorForm = document.getElementById('rule-editor');
const editorError = document.getElementById('editor-error');
const jsonBox = document.getElementById('rule-json');
const editing = document.getElementById('editing-rule');

/** Puts focus back on a control of the rule `name` after the table was re-rendered. */
function refocus(selector, name) {
  const row = [...document.querySelectorAll('.rules-table tr[data-rule]')].find((r) => r.dataset.rule === name);
  row?.querySelector(selector)?.focus();
}

const labelsError = document.getElementById('labels-error');
const labelsStatus = document.getElementById('labels-status');
const labelForm = document.getElementById('label-form');

/**
 * Re-reads the labels and rules tables from the server's page, keeping everything else (the
 * test box, the editor) as it is; a label change recolours the rules' chips too.
 */
async function refreshTables() {
  const res = await fetch('/rules', { credentials: 'same-origin' });
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  for (const selector of ['.labels-table tbody', '.rules-table tbody']) {
    const fresh = doc.querySelector(selector);
    if (fresh) document.querySelector(selector).replaceWith(document.adoptNode(fresh));
  }
  // Chip colours come from a stylesheet of the colours in use: load the page's current one.
  const sheet = doc.querySelector('link[href^="/console/colors.css"]');
  const current = document.querySelector('link[href^="/console/colors.css"]');
  if (sheet && current && sheet.getAttribute('href') !== current.getAttribute('href')) current.setAttribute('href', sheet.getAttribute('href'));
}

document.querySelector('.labels-table').addEventListener('click', async (event) => {
  const edit = event.target.closest('button[data-edit-label]');
  const remove = event.target.closest('button[data-remove-label]');
  labelsError.textContent = '';
  labelsStatus.textContent = '';
  if (edit) {
    labelForm.elements.name.value = edit.dataset.editLabel;
    labelForm.elements.level.value = edit.dataset.level;
    labelForm.elements.color.value = edit.dataset.color;
    labelForm.elements.level.focus();
    return;
  }
  if (!remove) return;
  const name = remove.dataset.removeLabel;
  if (!window.confirm(`Remove the label ${name}? Rules that use it must be changed first.`)) return;
  try {
    await adminApi('DELETE', `/labels/${encodeURIComponent(name)}`);
    await refreshTables();
    labelsStatus.textContent = `Label ${name} removed.`;
    labelForm.elements.name.focus();
  } catch (err) {
    showError(labelsError, err);
  }
});

labelForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  labelsError.textContent = '';
  labelsStatus.textContent = '';
  const name = labelForm.elements.name.value.trim();
  try {
    await adminApi('PUT', `/labels/${encodeURIComponent(name)}`, { level: Number(labelForm.elements.level.value), color: labelForm.elements.color.value });
    await refreshTables();
    labelsStatus.textContent = `Label ${name} saved.`;
  } catch (err) {
    showError(labelsError, err);
  }
});

document.querySelector('.rules-table').addEventListener('click', async (event) => {
  const toggle = event.target.closest('button[data-toggle]');
  const edit = event.target.closest('button[data-edit]');
  errorBox.textContent = '';
  try {
    if (toggle) {
      await adminApi('PATCH', `/rules/${encodeURIComponent(toggle.dataset.toggle)}`, { enabled: toggle.dataset.enabled !== 'true' });
      await refreshTables();
      refocus('button[data-toggle]', toggle.dataset.toggle);
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
    await refreshTables();
    refocus('input.priority', form.dataset.rule);
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
    await refreshTables();
    errorBox.textContent = '';
    refocus('button[data-edit]', typeof definition.name === 'string' ? definition.name : editing.value);
  } catch (err) {
    showError(editorError, err);
  }
});

document.getElementById('cancel-edit').addEventListener('click', () => {
  editor.hidden = true;
  refocus('button[data-edit]', editing.value);
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
