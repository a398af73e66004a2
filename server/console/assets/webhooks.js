// Webhooks page: add a webhook (secret shown once, with a copy button), enable/disable, delete
// with confirmation, list a webhook's deliveries and retry one; lists re-rendered from the API.
import { adminApi, copyValue, el, showError } from './console.js';

const rows = document.getElementById('webhook-rows');
const errorBox = document.getElementById('webhooks-error');
const statusBox = document.getElementById('webhooks-status');
const created = document.getElementById('created-webhook');
const secret = document.getElementById('created-secret');
const deliveries = document.getElementById('deliveries');
const deliveryRows = document.getElementById('delivery-rows');
const ts = (t) => (t ? t.replace('T', ' ') : '');
let shown = null;

const button = (label, hidden, attrs) => el('button', { type: 'button', ...attrs }, [label, el('span', { class: 'visually-hidden', text: hidden })]);

function render(hooks) {
  rows.replaceChildren(
    ...hooks.map((w) => {
      const id = String(w.id);
      const status = w.enabled ? 'enabled' : el('span', {}, [el('span', { class: 'badge', text: 'disabled' }), w.disabled_reason ? el('span', { class: 'muted', text: ` ${w.disabled_reason}` }) : '']);
      return el('tr', { 'data-webhook': id }, [
        el('td', { text: id }),
        el('td', {}, [el('code', { text: w.url })]),
        el('td', { text: w.events.join(', ') }),
        el('td', { text: w.min_level === null ? 'any' : String(w.min_level) }),
        el('td', {}, [status]),
        el('td', {}, [
          button('Deliveries', ` of webhook ${id}`, { 'data-deliveries': id }),
          ' ',
          button(w.enabled ? 'Disable' : 'Enable', ` webhook ${id}`, { 'data-toggle': id, 'data-enabled': String(w.enabled) }),
          ' ',
          button('Delete', ` webhook ${id}`, { 'data-delete': id, class: 'danger' }),
        ]),
      ]);
    }),
  );
}

function renderDeliveries(id, list) {
  shown = id;
  deliveries.hidden = false;
  document.getElementById('deliveries-title').textContent = `Deliveries of webhook ${id}`;
  deliveryRows.replaceChildren(
    ...(list.length === 0
      ? [el('tr', {}, [el('td', { colspan: '7', class: 'muted', text: 'No deliveries yet.' })])]
      : list.map((d) =>
          el('tr', { 'data-delivery': String(d.id) }, [
            el('td', { text: String(d.id) }),
            el('td', { text: d.event_type }),
            el('td', { text: ts(d.created_at) }),
            el('td', { text: d.status === 'pending' && d.next_attempt_at ? `pending (next ${ts(d.next_attempt_at)})` : d.status }),
            el('td', { text: String(d.attempt_count) }),
            el('td', { text: d.last_error ?? (d.last_status === null ? '' : `HTTP ${d.last_status}`) }),
            el('td', {}, [button('Retry', ` delivery ${d.id}`, { 'data-retry': String(d.id) })]),
          ]),
        )),
  );
}

const refresh = async () => render(await adminApi('GET', '/webhooks'));
const showDeliveries = async (id) => renderDeliveries(id, await adminApi('GET', `/webhooks/${id}/deliveries`));

document.getElementById('create-webhook').addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.textContent = '';
  const form = event.currentTarget;
  const events = [...form.querySelectorAll('input[name="events"]:checked')].map((c) => c.value);
  const level = form.elements.min_level.value;
  try {
    const hook = await adminApi('POST', '/webhooks', { url: form.elements.url.value.trim(), events, min_level: level === '' ? null : Number(level) });
    secret.value = hook.secret;
    document.getElementById('copy-status').textContent = '';
    created.hidden = false;
    form.reset();
    await refresh();
    document.getElementById('copy-secret').focus();
  } catch (err) {
    showError(errorBox, err);
  }
});

document.getElementById('copy-secret').addEventListener('click', () => copyValue(secret, document.getElementById('copy-status')));

rows.addEventListener('click', async (event) => {
  const target = event.target.closest('button');
  if (!target) return;
  errorBox.textContent = '';
  try {
    if (target.dataset.deliveries) return await showDeliveries(target.dataset.deliveries);
    if (target.dataset.toggle) {
      const id = target.dataset.toggle;
      const enable = target.dataset.enabled !== 'true';
      await adminApi('PATCH', `/webhooks/${id}`, { enabled: enable });
      await refresh();
      statusBox.textContent = `Webhook ${id} ${enable ? 'enabled' : 'disabled'}.`;
    }
    if (target.dataset.delete) {
      const id = target.dataset.delete;
      if (!window.confirm(`Delete webhook ${id} and its deliveries?`)) return;
      await adminApi('DELETE', `/webhooks/${id}`);
      if (shown === id) deliveries.hidden = true;
      await refresh();
      statusBox.textContent = `Webhook ${id} deleted.`;
      document.getElementById('webhook-url').focus();
    }
  } catch (err) {
    showError(errorBox, err);
  }
});

deliveryRows.addEventListener('click', async (event) => {
  const target = event.target.closest('button[data-retry]');
  if (!target || shown === null) return;
  errorBox.textContent = '';
  try {
    await adminApi('POST', `/webhooks/${shown}/deliveries/${target.dataset.retry}/retry`);
    await showDeliveries(shown);
    statusBox.textContent = `Delivery ${target.dataset.retry} queued to be sent again.`;
  } catch (err) {
    showError(errorBox, err);
  }
});
