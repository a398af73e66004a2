// HTML for the console pages: a tagged template that escapes every interpolated value unless it
// is already Html, so page code cannot forget to escape a name or a label.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** Text colour (near-black or white) that reads on a `#rrggbb` background. */
export function textColorOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return luminance > 0.179 ? '#111827' : '#ffffff';
}

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** A label chip: the name as text, coloured by a class from /console/colors.css (see colorStylesheet). */
export function chip(label: { name: string; color: string }): Html {
  const color = HEX_COLOR.test(label.color) ? label.color.slice(1) : '6b7280';
  return html`<span class="chip c-${color}" data-color="#${color}">${label.name}</span>`;
}

/** The URL of the stylesheet that colours the chips of these colours. */
export function colorStylesheetUrl(colors: Iterable<string>): string {
  const list = [...new Set([...colors].filter((c) => HEX_COLOR.test(c)).map((c) => c.slice(1)))].sort();
  return `/console/colors.css?c=${list.join('.')}`;
}

/** CSS for chips of the given `rrggbb` colours (CSP forbids inline styles, so colours come from here). */
export function colorStylesheet(param: string): string {
  const colors = [...new Set(param.split('.').filter((c) => /^[0-9a-f]{6}$/.test(c)))].slice(0, 200);
  return colors.map((c) => `.c-${c}{background:#${c};color:${textColorOn(`#${c}`)};border-color:#${c}}`).join('\n');
}
