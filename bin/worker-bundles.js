// Entry points compiled once to plain JavaScript (esbuild: our modules bundled, packages left as
// imports), so that neither the `assay` process nor its worker threads compile TypeScript at run
// time: under tsx each thread runs its own loader-hooks thread and keeps every module's source
// with an inline source map (about 25 MiB per classification worker, 10 MiB per extraction worker,
// more for the main thread, which loads the whole server and agent). Each bundle sits beside its
// entry point and starts with the SHA-256 of every source file it was built from: a bundle whose
// sources changed since is not used, and the caller falls back to tsx, so an edited checkout never
// runs stale code.
//
// `node bin/worker-bundles.js` builds them (npm runs it as the `prepare` script of `npm ci` /
// `npm install`); `bin/assay.js` rebuilds stale ones at start where the checkout is writable.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The entry points that are bundled, relative to the checkout: the two worker threads and the `assay` command. */
export const WORKER_ENTRIES = Object.freeze(['extract/extraction-worker.ts', 'shared/classify-pool/classify-worker.ts', 'cli/main.ts']);
const HEADER = '// assay-worker-bundle ';

const bundlePath = (root, entry) => join(root, entry.replace(/\.ts$/, '.bundle.mjs'));
const sha256 = (root, file) => createHash('sha256').update(readFileSync(join(root, file))).digest('hex');

/** What a bundle records on its first line (the source hashes it was built from, its chunks), or null when it is absent or not a bundle. */
function recordedBuild(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const firstLine = text.slice(0, text.indexOf('\n'));
  if (!firstLine.startsWith(HEADER)) return null;
  try {
    const { inputs, chunks = [] } = JSON.parse(firstLine.slice(HEADER.length));
    return { inputs, chunks };
  } catch {
    return null;
  }
}

function isFresh(root, entry) {
  const file = bundlePath(root, entry);
  const recorded = recordedBuild(file);
  if (recorded === null || !recorded.chunks.every((chunk) => existsSync(join(dirname(file), chunk)))) return false;
  const { inputs } = recorded;
  try {
    return Object.entries(inputs).every(([source, hash]) => sha256(root, source) === hash);
  } catch {
    return false; // a source was removed
  }
}

/** The file URL of the entry point's bundle when it was built from the sources as they are now; otherwise null. */
export function freshBundleUrl(entry, root = ROOT) {
  return isFresh(root, entry) ? pathToFileURL(bundlePath(root, entry)).href : null;
}

/** Runs an entry point: its bundle while that matches the sources, otherwise the TypeScript through tsx. */
export async function runEntry(entry) {
  const bundle = freshBundleUrl(entry);
  if (bundle !== null) return import(bundle);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, entry)).href);
}

/** Entry points whose bundle is missing or built from other sources. */
export function staleEntries(entries = WORKER_ENTRIES, root = ROOT) {
  return entries.filter((entry) => !isFresh(root, entry));
}

/**
 * `import.meta.url` in a bundled module is the bundle's URL; each of our modules gets its own back
 * (relative to the bundle, so the checkout can move), so that `new URL('./x', import.meta.url)`
 * finds what lies beside its source file.
 */
function ownModuleUrls(bundleDir) {
  return {
    name: 'own-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const own = `new URL(${JSON.stringify(relative(bundleDir, args.path).split('\\').join('/'))}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', own), loader: 'ts' };
      });
    },
  };
}

/**
 * Builds the bundles of `entries` (paths relative to `root`); each is written to a temporary file
 * and renamed, so a reader sees a whole one.
 */
export async function buildWorkerBundles(entries = WORKER_ENTRIES, root = ROOT) {
  const { build, stop } = await import('esbuild');
  try {
    await buildEach(build, entries, root);
  } finally {
    await stop(); // esbuild's service process
  }
}

/**
 * Each entry is split at its dynamic imports (esbuild `splitting`): what a module imports lazily
 * goes to a chunk beside the bundle (`<entry>.chunk-<hash>.bundle.mjs`), with the packages it
 * imports, so it is loaded only when that import runs (the server side of `cli/main.ts`, the
 * rarer extractors). Chunks are named by their content, so they are written before the bundle that
 * imports them and a running process built from older sources keeps its own.
 */
async function buildEach(build, entries, root) {
  for (const entry of entries) {
    const file = bundlePath(root, entry);
    const result = await build({
      entryPoints: [join(root, entry)],
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      outdir: dirname(file),
      entryNames: '[name].bundle',
      chunkNames: `${basename(entry, '.ts')}.chunk-[hash].bundle`,
      outExtension: { '.js': '.mjs' },
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [ownModuleUrls(dirname(file))],
    });
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((source) => [source, sha256(root, source)]));
    const chunks = result.outputFiles.filter((out) => out.path !== file);
    const main = result.outputFiles.find((out) => out.path === file);
    if (main === undefined) throw new Error(`esbuild wrote no ${relative(root, file)}`);
    for (const chunk of chunks) writeWhole(chunk.path, chunk.text);
    writeWhole(file, `${HEADER}${JSON.stringify({ inputs, chunks: chunks.map((c) => basename(c.path)) })}\n${main.text}`);
  }
}

function writeWhole(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Rebuilds stale bundles; when that is not possible (a read-only install), says so once on stderr and the workers use tsx. */
export async function ensureWorkerBundles() {
  const stale = staleEntries();
  if (stale.length === 0) return;
  try {
    await buildWorkerBundles(stale);
  } catch (err) {
    process.stderr.write(`assay: cannot build the worker bundles (${err instanceof Error ? err.message : String(err)}); workers load TypeScript through tsx (slower to start, more memory). Run \`npm ci\` or \`node bin/worker-bundles.js\` in the install directory.\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWorkerBundles();
