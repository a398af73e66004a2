// Every generated WebAssembly module (bin/build-wasm.ts, WASM_TARGETS) holds the bytes its
// committed .wat assembles to, so none can be stale; and wabt's errors name the module's own file.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleTarget, assembleWat, WASM_TARGETS, wasmModuleText } from '../bin/build-wasm.ts';

describe('bin/build-wasm.ts', () => {
  for (const target of WASM_TARGETS) {
    it(`${basename(target.module)} is built from the committed ${basename(target.source)}`, async () => {
      expect(wasmModuleText(target, await assembleTarget(target))).toBe(readFileSync(target.module, 'utf8'));
    });
  }

  it("names the module's file in an assembly error", async () => {
    await expect(assembleWat('json-string-unescape.wat', '(module (func (i32.bogus)))')).rejects.toThrow(/json-string-unescape\.wat/);
  });
});
