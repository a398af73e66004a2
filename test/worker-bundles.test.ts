// The compiled worker bundles (bin/worker-bundles.js): a bundle is used only while every source it
// was built from is unchanged, so an edited checkout falls back to tsx instead of running stale code.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without type declarations (bin/ runs before tsx is registered)
import { buildWorkerBundles, freshBundleUrl, staleEntries } from '../bin/worker-bundles.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'assay-bundles-'));
  await writeFile(join(root, 'dep.ts'), "export const word: string = 'first';\n");
  await writeFile(join(root, 'entry.ts'), "import { word } from './dep.ts';\nexport const said: string = `said ${word}`;\n");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('worker bundles', () => {
  it('is stale before it is built, fresh after, and stale again once an imported source changes', async () => {
    expect(freshBundleUrl('entry.ts', root)).toBeNull();
    expect(staleEntries(['entry.ts'], root)).toEqual(['entry.ts']);

    await buildWorkerBundles(['entry.ts'], root);
    const url = freshBundleUrl('entry.ts', root) as string;
    expect(url).toMatch(/entry\.bundle\.mjs$/);
    expect(staleEntries(['entry.ts'], root)).toEqual([]);
    expect(((await import(url)) as { said: string }).said).toBe('said first');

    await writeFile(join(root, 'dep.ts'), "export const word: string = 'second';\n");
    expect(freshBundleUrl('entry.ts', root)).toBeNull();
    expect(staleEntries(['entry.ts'], root)).toEqual(['entry.ts']);

    await buildWorkerBundles(['entry.ts'], root);
    const rebuilt = freshBundleUrl('entry.ts', root) as string;
    expect(((await import(`${rebuilt}?second`)) as { said: string }).said).toBe('said second');
  });

  it("keeps each module's own import.meta.url, so files beside a source are found from the bundle", async () => {
    await mkdir(join(root, 'deep', 'er'), { recursive: true });
    await writeFile(join(root, 'deep', 'er', 'data.txt'), 'beside the source');
    await writeFile(join(root, 'deep', 'er', 'reader.ts'), "import { readFileSync } from 'node:fs';\nexport const read = (): string => readFileSync(new URL('./data.txt', import.meta.url), 'utf8');\n");
    await writeFile(join(root, 'main.ts'), "export { read } from './deep/er/reader.ts';\n");
    await buildWorkerBundles(['main.ts'], root);
    const url = freshBundleUrl('main.ts', root) as string;
    expect(fileURLToPath(url)).toBe(join(root, 'main.bundle.mjs'));
    expect(((await import(url)) as { read: () => string }).read()).toBe('beside the source');
  });

  it('evaluates a dynamically imported module only when it is imported, and is stale without its chunk', async () => {
    const mark = `assayLazy${String(Date.now())}`;
    await writeFile(join(root, 'lazy.ts'), `(globalThis as Record<string, unknown>).${mark} = true;\nexport const lazy: string = 'loaded';\n`);
    await writeFile(join(root, 'split.ts'), "export const load = async (): Promise<string> => (await import('./lazy.ts')).lazy;\n");
    await buildWorkerBundles(['split.ts'], root);
    const url = freshBundleUrl('split.ts', root) as string;
    const split = (await import(url)) as { load: () => Promise<string> };
    expect((globalThis as Record<string, unknown>)[mark]).toBeUndefined();
    expect(await split.load()).toBe('loaded');
    expect((globalThis as Record<string, unknown>)[mark]).toBe(true);

    const chunks = (await readdir(root)).filter((f) => f.startsWith('split.chunk-'));
    expect(chunks).toHaveLength(1);
    await rm(join(root, chunks[0]!));
    expect(freshBundleUrl('split.ts', root)).toBeNull();
  });

  it('does not use a file at the bundle path that was not built by it', async () => {
    await writeFile(join(root, 'entry.bundle.mjs'), "export const said = 'hand-written';\n");
    expect(freshBundleUrl('entry.ts', root)).toBeNull();
  });
});
