// Sign-in: exchanges the admin key for a session cookie, then opens the dashboard.
import { errorText } from './console.js';

const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const key = form.elements.key.value.trim();
  if (!key) {
    error.textContent = 'Enter an admin key.';
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const res = await fetch('/api/v1/admin/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }), credentials: 'same-origin' });
    if (res.status === 201) {
      window.location.assign('/');
      return;
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    error.textContent = errorText(body, res.status);
  } catch {
    error.textContent = 'The server could not be reached.';
  } finally {
    button.disabled = false;
  }
});
