// Triage on the asset page (dismiss a finding, undo a dismissal, pin and unpin the label) and the
// Allow-list page (add, remove): each sends its form to /api/v1/admin and reloads the page, which
// the server renders with the recomputed label and history.
import { adminApi, showError } from './console.js';

const errorBox = document.getElementById('triage-error') ?? document.getElementById('allow-error');
const assetId = window.location.pathname.match(/^\/assets\/(\d+)$/)?.[1];

async function act(call) {
  if (errorBox) errorBox.textContent = '';
  try {
    await call();
    window.location.reload();
  } catch (err) {
    showError(errorBox, err);
  }
}

for (const form of document.querySelectorAll('form.dismiss-form')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { rule: form.dataset.rule, detector: form.dataset.detector, reason: form.elements.reason.value, note: form.elements.note.value };
    void act(() => adminApi('POST', `/assets/${assetId}/dismissals`, body));
  });
}

document.addEventListener('click', (event) => {
  const undo = event.target.closest('button[data-undismiss]');
  if (undo) void act(() => adminApi('DELETE', `/assets/${assetId}/dismissals/${undo.dataset.undismiss}`));
  const remove = event.target.closest('button[data-disallow]');
  if (remove && window.confirm('Remove this value from the allow-list? It will be flagged again everywhere.')) {
    void act(() => adminApi('DELETE', `/allowlist/${remove.dataset.disallow}`));
  }
  if (event.target.closest('#unpin')) void act(() => adminApi('DELETE', `/assets/${assetId}/pin`));
});

document.getElementById('pin-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  void act(() => adminApi('PUT', `/assets/${assetId}/pin`, { label: form.elements.label.value, reason: form.elements.reason.value }));
});

document.getElementById('allow-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  void act(() => adminApi('POST', '/allowlist', { value: form.elements.value.value, reason: form.elements.reason.value }));
});
