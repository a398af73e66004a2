// The little of WebAssembly this project uses, typed here (@types/node 20 does not declare
// WebAssembly; lib.dom does): whether a committed module runs on this machine, and an instance of
// it. The engine's scanner (engine/scanner/scan-host.ts) and the preview body reader
// (classify-pool/name-content-body.ts) each fall back to JavaScript when it does not.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  readonly validate: (bytes: Uint8Array) => boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: Readonly<Record<string, unknown>> };
}

const runtime = () => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * Why `module` cannot run on this machine (no WebAssembly, or the bytes do not validate: no
 * WebAssembly SIMD), or null when it can: for the start-up log. `subject` names the module and
 * `fallback` says what is done instead.
 */
export function wasmUnavailable(module: Uint8Array, subject: string, fallback: string): string | null {
  const wasm = runtime();
  if (!wasm) return `this runtime has no WebAssembly: ${fallback}`;
  return wasm.validate(module) ? null : `${subject}'s WebAssembly module does not validate here (no WebAssembly SIMD?): ${fallback}`;
}

/** A new instance's exports; throws where the module does not compile or instantiate. */
export function instantiateWasm(module: Uint8Array): Readonly<Record<string, unknown>> {
  const wasm = runtime();
  if (!wasm) throw new Error('this runtime has no WebAssembly');
  return new wasm.Instance(new wasm.Module(module)).exports;
}
