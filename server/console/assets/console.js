// Shared helpers of the console pages: calls to /api/v1/admin with the session's CSRF token,
// readable error messages, label chips. Loaded by every page; the page scripts import it.

export class ApiError extends Error {
  constructor(status, body) {
    super(errorText(body, status));
    this.status = status;
    this.body = body;
  }
}

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : '';
}

/** The SPEC §2 error body as one line of text. */
export function errorText(body, status) {
  if (body && typeof body.detail === 'string') return body.detail;
  if (body && Array.isArray(body.detail)) return body.detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ');
  return `Request failed (HTTP ${status})`;
}

/** fetch to /api/v1/admin with JSON in and out; throws ApiError on a non-2xx answer. */
export async function adminApi(method, path, body) {
  const headers = { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.status === 401 && data && data.code === 'not_signed_in') window.location.assign('/sign-in');
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function textColorOn(hex) {
  const lin = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] > 0.179 ? '#111827' : '#ffffff';
}

/** A label chip element: the name as text, the label's colour as background. */
export function chipElement(label) {
  const span = document.createElement('span');
  span.className = 'chip';
  span.textContent = label.name;
  if (/^#[0-9a-f]{6}$/i.test(label.color)) {
    span.classList.add(`c-${label.color.slice(1).toLowerCase()}`);
    span.dataset.color = label.color.toLowerCase();
    // CSSOM, not a style attribute: allowed by the console's CSP.
    span.style.backgroundColor = label.color;
    span.style.borderColor = label.color;
    span.style.color = textColorOn(label.color);
  }
  return span;
}

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** Copies a read-only input's value (a secret shown once) and says so in `status`. */
export async function copyValue(input, status) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  status.textContent = 'Copied to the clipboard.';
}

export function showError(target, err) {
  if (target) target.textContent = err instanceof Error ? err.message : String(err);
}
