// The frame of every console page: navigation, the signed-in workspace, sign-out, one
// stylesheet, the chip colours and the page's ES modules. No inline script or style (CSP).
import { colorStylesheetUrl, type Html, html } from './html.ts';

export const NAV = [
  { path: '/', title: 'Dashboard' },
  { path: '/inventory', title: 'Inventory' },
  { path: '/agents', title: 'Agents' },
  { path: '/keys', title: 'Keys' },
  { path: '/rules', title: 'Labels & rules' },
  { path: '/classify', title: 'Classify' },
  { path: '/webhooks', title: 'Webhooks' },
  { path: '/allowlist', title: 'Allow-list' },
  { path: '/workspace', title: 'Workspace' },
  { path: '/audit', title: 'Audit' },
] as const;

export interface PageFrame {
  readonly title: string;
  readonly active: string;
  readonly workspace: string;
  readonly keyName: string;
  readonly csrfToken: string;
  readonly colors?: Iterable<string>;
  readonly scripts?: readonly string[];
}

/** The HTML document every console page shares: head (charset, viewport, title, stylesheet) and body. */
function documentPage(opts: { title: string; head?: Html; bodyClass?: string }, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Assay</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/console.css">
${opts.head ?? ''}
</head>
<body${opts.bodyClass ? html` class="${opts.bodyClass}"` : ''}>
${body}
</body>
</html>`.value;
}

export function page(frame: PageFrame, body: Html): string {
  const head = html`<meta name="csrf-token" content="${frame.csrfToken}">
<link rel="stylesheet" href="${colorStylesheetUrl(frame.colors ?? [])}">
<script type="module" src="/console/assets/console.js"></script>
${(frame.scripts ?? []).map((s) => html`<script type="module" src="/console/assets/${s}"></script>`)}`;
  return documentPage(
    { title: frame.title, head },
    html`<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <span class="brand">Assay</span>
  <nav aria-label="Console">
    <ul>${NAV.map((n) => html`<li><a href="${n.path}"${n.path === frame.active ? html` aria-current="page"` : ''}>${n.title}</a></li>`)}</ul>
  </nav>
  <div class="who">
    <span>Workspace <strong>${frame.workspace}</strong> · key ${frame.keyName}</span>
    <form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${frame.csrfToken}"><button type="submit" class="link">Sign out</button></form>
  </div>
</header>
<main id="main">
<h1>${frame.title}</h1>
${body}
</main>`,
  );
}

export function signInPage(): string {
  return documentPage(
    { title: 'Sign in', head: html`<script type="module" src="/console/assets/sign-in.js"></script>`, bodyClass: 'sign-in' },
    html`<main id="main">
<h1>Assay console</h1>
<form id="sign-in" class="card" novalidate>
  <p>Sign in with an API key that has the <strong>admin</strong> role
  (<code>assay keys create --workspace NAME --name KEYNAME --role admin</code>).</p>
  <label for="key">Admin key</label>
  <input id="key" name="key" type="password" autocomplete="off" required spellcheck="false">
  <button type="submit">Sign in</button>
  <p id="sign-in-error" class="error" role="alert"></p>
</form>
</main>`,
  );
}

/** A plain page for an error on a console page (not found, bad filter), with a way back. */
export function errorPage(status: number, detail: string): string {
  return documentPage(
    { title: `Error ${status}`, bodyClass: 'sign-in' },
    html`<main id="main">
<h1>${status === 404 ? 'Not found' : `Error ${status}`}</h1>
<p class="card" role="alert">${detail}</p>
<p><a href="/">Back to the dashboard</a></p>
</main>`,
  );
}
