// Labels and rules: the scheme (add, change, remove a label), every rule with enable/disable and priority, a JSON editor for a
// rule's definition, and a test box that previews a pasted text with the saved rules.
import type { Label } from '../../../shared/engine/label-scheme.ts';
import type { RuleDefinition } from '../../../shared/engine/rule-definition.ts';
import { chip, type Html, html } from '../html.ts';

export function rulesBody(labels: readonly Label[], rules: readonly RuleDefinition[]): Html {
  const byName = new Map(labels.map((l) => [l.name.toLowerCase(), l]));
  return html`<section class="card" aria-labelledby="labels"><h2 id="labels">Labels</h2>
<p id="labels-error" class="error" role="alert"></p>
<div class="table-wrap"><table class="labels-table"><thead><tr><th scope="col">Level</th><th scope="col">Label</th><th scope="col">Colour</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${labels.map(
    (l) => html`<tr data-label="${l.name}"><td>${l.level}</td><td>${chip(l)}</td><td><code>${l.color}</code></td>
<td class="actions"><button type="button" data-edit-label="${l.name}" data-level="${l.level}" data-color="${l.color}">Edit<span class="visually-hidden"> label ${l.name}</span></button>
<button type="button" data-remove-label="${l.name}">Remove<span class="visually-hidden"> label ${l.name}</span></button></td></tr>`,
  )}</tbody></table></div>
<form id="label-form" class="inline-form">
  <h3>Add or change a label</h3>
  <div class="field inline"><label for="label-name">Name</label><input id="label-name" name="name" required maxlength="64"></div>
  <div class="field inline"><label for="label-level">Level (higher is more sensitive)</label><input id="label-level" name="level" type="number" min="0" max="1000" required></div>
  <div class="field inline"><label for="label-color">Colour</label><input id="label-color" name="color" type="color" value="#6b7280"></div>
  <button type="submit">Save label</button>
</form>
<p id="labels-status" class="muted" role="status"></p>
</section>
<section class="card" aria-labelledby="test"><h2 id="test">Test the rules</h2>
<form id="preview-form">
  <div class="field"><label for="preview-text">Text to test (not stored)</label><textarea id="preview-text" name="content" rows="5" required></textarea></div>
  <div class="field inline"><label for="preview-name">Asset name</label><input id="preview-name" name="name" value="pasted-text.txt"></div>
  <button type="submit">Test</button>
</form>
<div id="preview-result" aria-live="polite"></div>
</section>
<section class="card" aria-labelledby="rules"><h2 id="rules">Rules</h2>
<p class="muted">Lower priority numbers are evaluated and reported first. Changes apply to the next classification.</p>
<p id="rules-error" class="error" role="alert"></p>
<div class="table-wrap"><table class="rules-table"><thead><tr><th scope="col">Priority</th><th scope="col">Rule</th><th scope="col">Label</th><th scope="col">Category</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${rules.map((r, i) => {
    const label = byName.get(r.label.toLowerCase());
    return html`<tr data-rule="${r.name}">
<td><form class="priority-form" data-rule="${r.name}"><label class="visually-hidden" for="prio-${i}">Priority of ${r.name}</label><input class="priority" id="prio-${i}" name="priority" type="number" min="0" max="1000000" value="${r.priority}"><button type="submit">Set<span class="visually-hidden"> priority of ${r.name}</span></button></form></td>
<td><strong>${r.name}</strong><br><span class="muted">${r.description}</span></td>
<td>${label ? chip(label) : r.label}</td><td>${r.category}</td>
<td>${r.enabled ? 'enabled' : html`<span class="badge">disabled</span>`}</td>
<td class="actions"><button type="button" data-toggle="${r.name}" data-enabled="${String(r.enabled)}">${r.enabled ? 'Disable' : 'Enable'}<span class="visually-hidden"> ${r.name}</span></button>
<button type="button" data-edit="${r.name}">Edit<span class="visually-hidden"> ${r.name}</span></button></td></tr>`;
  })}</tbody></table></div>
</section>
<section class="card" aria-labelledby="editor-title" id="editor" hidden>
<h2 id="editor-title">Edit rule</h2>
<form id="rule-editor">
  <input type="hidden" id="editing-rule" name="rule">
  <div class="field"><label for="rule-json">Definition (JSON; see docs/rule-format.md)</label><textarea id="rule-json" rows="18" spellcheck="false" class="code"></textarea></div>
  <button type="submit">Save rule</button> <button type="button" id="cancel-edit">Cancel</button>
  <p id="editor-error" class="error" role="alert"></p>
</form>
</section>`;
}
