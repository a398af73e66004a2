// Keys page: create a key (shown once, with a copy button), revoke with confirmation, and
// re-render the list from GET /api/v1/admin/keys after each change.
import { adminApi, copyValue, el, showError } from './console.js';

const rows = document.getElementById('key-rows');
const errorBox = document.getElementById('keys-error');
const created = document.getElementById('created-key');
const createdValue = document.getElementById('created-key-value');
const copyStatus = document.getElementById('copy-status');
const ts = (t) => t.replace('T', ' ');

function render(keys) {
  rows.replaceChildren(
    ...keys.map((k) => {
      const status = k.revoked_at ? el('span', { class: 'badge', text: `revoked ${ts(k.revoked_at)}` }) : 'active';
      const action = k.revoked_at
        ? ''
        : el('button', { type: 'button', class: 'danger', 'data-revoke': k.name }, ['Revoke', el('span', { class: 'visually-hidden', text: ` ${k.name}` })]);
      const tr = el('tr', { 'data-key': k.name }, [
        el('td', { text: k.name }),
        el('td', {}, [el('code', { text: `${k.prefix}…` })]),
        el('td', { text: k.role }),
        el('td', { text: ts(k.created_at) }),
        el('td', { text: k.last_used_at ? ts(k.last_used_at) : 'never' }),
        el('td', {}, [status]),
        el('td', {}, [action]),
      ]);
      return tr;
    }),
  );
}

const refresh = async () => render(await adminApi('GET', '/keys'));

document.getElementById('create-key').addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.textContent = '';
  const form = event.currentTarget;
  try {
    const key = await adminApi('POST', '/keys', { name: form.elements.name.value.trim(), role: form.elements.role.value });
    createdValue.value = key.key;
    copyStatus.textContent = '';
    created.hidden = false;
    form.reset();
    await refresh();
    document.getElementById('copy-key').focus();
  } catch (err) {
    showError(errorBox, err);
  }
});

document.getElementById('copy-key').addEventListener('click', () => copyValue(createdValue, copyStatus));

rows.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-revoke]');
  if (!button) return;
  const name = button.dataset.revoke;
  if (!window.confirm(`Revoke the key "${name}"? Requests made with it will be refused from now on.`)) return;
  errorBox.textContent = '';
  try {
    await adminApi('POST', `/keys/${encodeURIComponent(name)}/revoke`);
    await refresh();
    // The Revoke button is gone with the refresh: say what happened and keep focus in the form.
    document.getElementById('keys-status').textContent = `Key ${name} revoked.`;
    document.querySelector('#create-key input[name="name"]').focus();
  } catch (err) {
    showError(errorBox, err);
  }
});
