// Which paths the agent looks at: under a watch root, not excluded (nor below an excluded
// folder), matching an include glob if there are any, and of an enabled format.
import { relative, sep } from 'node:path';
import { formatForPath } from '../../extract/formats.ts';
import type { ExtractFormat } from '../../extract/extraction-result.ts';
import { globToRegExp, matchesGlob } from '../../shared/engine/name-glob.ts';

export interface PathFilter {
  /** The watch root containing `path`, or null. */
  rootOf(path: string): string | null;
  /** A folder or file the agent skips, with everything below it. */
  isExcluded(path: string): boolean;
  /** A file the agent inspects: under a root, not excluded, included, of an enabled format. */
  acceptsFile(path: string): ExtractFormat | null;
}

interface Glob {
  readonly re: RegExp;
  readonly anchored: boolean;
}

const compile = (globs: readonly string[]): Glob[] => globs.map((g) => ({ re: globToRegExp(g), anchored: g.includes('/') }));

export function createPathFilter(opts: { roots: readonly string[]; include: readonly string[]; exclude: readonly string[]; formats: readonly ExtractFormat[] }): PathFilter {
  const include = compile(opts.include);
  const exclude = compile(opts.exclude);
  // Longest first, so nested roots resolve to the innermost.
  const roots = [...opts.roots].sort((a, b) => b.length - a.length);

  function rootOf(path: string): string | null {
    for (const root of roots) if (path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return root;
    return null;
  }

  function relativeToRoot(path: string): string | null {
    const root = rootOf(path);
    return root === null ? null : relative(root, path).split(sep).join('/');
  }

  function isExcluded(path: string): boolean {
    const rel = relativeToRoot(path);
    if (rel === null) return true;
    if (rel === '') return false;
    const segments = rel.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (exclude.some((g) => matchesGlob(g.re, g.anchored, prefix))) return true;
    }
    return false;
  }

  return {
    rootOf,
    isExcluded,
    acceptsFile(path) {
      if (isExcluded(path)) return null;
      const rel = relativeToRoot(path)!;
      if (include.length > 0 && !include.some((g) => matchesGlob(g.re, g.anchored, rel))) return null;
      return formatForPath(path, opts.formats);
    },
  };
}
