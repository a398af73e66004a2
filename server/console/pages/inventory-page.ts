// The inventory: search, filters (source, label, status, unreadable), a table with label chips, keyset paging.
import { ASSET_SOURCES, ASSET_STATUSES, type Asset } from '../../../shared/api/schemas.ts';
import type { Label } from '../../../shared/engine/label-scheme.ts';
import { chip, type Html, html } from '../html.ts';

export interface InventoryFilters {
  readonly q?: string | undefined;
  readonly source?: string | undefined;
  readonly label?: string | undefined;
  readonly status: string;
  readonly unreadable?: boolean | undefined;
}

function query(f: InventoryFilters, cursor?: string, format?: string): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.source) p.set('source', f.source);
  if (f.label) p.set('label', f.label);
  if (f.status !== 'active') p.set('status', f.status);
  if (f.unreadable !== undefined) p.set('unreadable', String(f.unreadable));
  if (cursor) p.set('cursor', cursor);
  if (format) p.set('format', format);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const option = (value: string, text: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${text}</option>`;

export function inventoryBody(filters: InventoryFilters, labels: readonly Label[], assets: readonly Asset[], next: string | undefined, paged: boolean): Html {
  return html`<form class="filters card" method="get" action="/inventory" role="search">
  <div class="field"><label for="q">Name contains</label><input id="q" name="q" type="search" value="${filters.q ?? ''}"></div>
  <div class="field"><label for="source">Source</label><select id="source" name="source">${option('', 'Any source', filters.source)}${ASSET_SOURCES.map((s) => option(s, s, filters.source))}</select></div>
  <div class="field"><label for="label">Label</label><select id="label" name="label">${option('', 'Any label', filters.label)}${labels.map((l) => option(l.name, l.name, filters.label))}</select></div>
  <div class="field"><label for="status">Status</label><select id="status" name="status">${ASSET_STATUSES.map((s) => option(s, s === 'active' ? 'present' : s, filters.status))}</select></div>
  <div class="field"><label for="unreadable">Text</label><select id="unreadable" name="unreadable">${option('', 'Any', filters.unreadable === undefined ? '' : String(filters.unreadable))}${option('true', 'unreadable', String(filters.unreadable))}${option('false', 'read', String(filters.unreadable))}</select></div>
  <div class="field actions"><button type="submit">Filter</button> <a href="/inventory">Clear</a></div>
</form>
${
  assets.length === 0
    ? html`<p class="empty" role="status">No assets match.</p>`
    : html`<div class="table-wrap"><table class="inventory">
<caption class="visually-hidden">Assets, newest first</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Label</th><th scope="col">Source</th><th scope="col">Type</th><th scope="col">Classified (UTC)</th><th scope="col">Matched rules</th></tr></thead>
<tbody>${assets.map(
        (a) => html`<tr data-asset-id="${a.id}"><td class="name"><a href="/assets/${a.id}">${a.name}</a>${a.removed_at ? html` <span class="badge">removed ${a.removed_at.replace('T', ' ')}</span>` : ''}${a.unreadable ? html` <span class="badge" title="${a.unreadable}">unreadable: ${a.unreadable.split(':')[0]}</span>` : ''}</td>
<td>${chip(a.label)}</td><td>${a.source}</td><td>${a.asset_type ?? '—'}</td><td>${a.classified_at.replace('T', ' ')}</td><td class="rules">${a.matched_rules || '—'}</td></tr>`,
      )}</tbody></table></div>`
}
<p class="export"><a class="button" href="/inventory/export${query(filters, undefined, 'csv')}" download>Export CSV</a> <a href="/inventory/export${query(filters, undefined, 'ndjson')}" download>Export NDJSON</a> <span>every asset that matches these filters</span></p>
<nav class="pager" aria-label="Pages">${paged ? html`<a href="/inventory${query(filters)}">First page</a>` : ''}${next ? html`<a rel="next" href="/inventory${query(filters, next)}">Next page</a>` : ''}</nav>`;
}
