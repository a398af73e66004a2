// Glob patterns on asset names: `*`, `?`, `**`, `[abc]` and `{a,b}`; case-insensitive.
// A glob without `/` is matched against the last path segment (like .gitignore), so `*.pdf`
// matches both `report.pdf` and `fs01:/srv/share/report.pdf`.

export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inClass = false;
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (inClass) {
      if (c === ']') inClass = false;
      out += c === '\\' ? '\\\\' : c;
      continue;
    }
    switch (c) {
      case '*':
        if (glob[i + 1] === '*') {
          out += '.*';
          i++;
        } else {
          out += '[^/]*';
        }
        break;
      case '?':
        out += '[^/]';
        break;
      case '[':
        if (glob.indexOf(']', i + 1) > i + 1) {
          inClass = true;
          out += glob[i + 1] === '!' ? (i++, '[^') : '[';
        } else {
          out += '\\[';
        }
        break;
      case '{':
        braceDepth++;
        out += '(?:';
        break;
      case '}':
        if (braceDepth > 0) {
          braceDepth--;
          out += ')';
        } else out += '\\}';
        break;
      case ',':
        out += braceDepth > 0 ? '|' : ',';
        break;
      default:
        out += c.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  if (inClass) throw new Error(`unterminated [ in glob "${glob}"`);
  out += ')'.repeat(braceDepth);
  return new RegExp(`^${out}$`, 'isu');
}

export function matchesGlob(re: RegExp, anchoredToPath: boolean, name: string): boolean {
  if (anchoredToPath) return re.test(name);
  const slash = name.lastIndexOf('/');
  const base = slash >= 0 ? name.slice(slash + 1) : name;
  return re.test(base);
}
