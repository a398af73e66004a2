// The one WebAssembly instance of the shared scanner on a thread, shared by all of its compiled
// policies: compiled and instantiated at the first scan, never before. Each policy keeps its
// tables in JavaScript (ScanTables); the host copies them into its memory only when the policy
// differs from the one loaded last, so a thread that classifies for one policy never copies. Where
// the module does not compile (a CPU or build without WebAssembly SIMD), the host says so once
// (`failure`) and the policies scan with JavaScript instead.
import { instantiateWasm, type WasmMemory, wasmUnavailable } from '../../wasm-module.ts';
import { SHARED_SCAN_WASM } from './shared-scan-wasm.ts';

const PAGE = 65536;

/** A policy's part of the scanner's memory: `head` at byte 0 (header and small tables), `tail` at `tailAt` (the trie); `size` bytes in all for its layout. */
export interface ScanTables {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly tailAt: number;
  readonly size: number;
}

/** The instance's memory, holding the tables asked for, and its scan of one chunk. */
export interface LoadedScanner {
  readonly memory: WasmMemory;
  readonly scanChunk: (base: number, n: number, m: number) => void;
}

export interface ScanHost {
  /** Why the scanner cannot run here (its module did not compile or instantiate), or null: known from the first scan on. */
  readonly failure: string | null;
  /** The instance with `tables` in its memory (copied unless they were the last loaded); null when the scanner cannot run here. */
  load(tables: ScanTables): LoadedScanner | null;
}

/**
 * Why the scanner's module cannot run on this machine (it does not validate: no WebAssembly SIMD),
 * or null when it can: for the start-up log, so a machine on the slower JavaScript scans says so.
 */
export function scannerUnavailable(moduleBytes?: Uint8Array): string | null {
  return wasmUnavailable(moduleBytes ?? Buffer.from(SHARED_SCAN_WASM, 'base64'), 'the shared scanner', 'the engine scans with JavaScript');
}

/** `moduleBytes`: the scanner's WebAssembly (the committed build by default; a test passes bytes that do not compile). */
export function createScanHost(moduleBytes?: Uint8Array): ScanHost {
  let loaded: LoadedScanner | null = null;
  let tried = false;
  let failure: string | null = null;
  let current: ScanTables | null = null;

  function instantiate(): LoadedScanner | null {
    tried = true;
    try {
      const exports = instantiateWasm(moduleBytes ?? Buffer.from(SHARED_SCAN_WASM, 'base64'));
      return { memory: exports.memory as WasmMemory, scanChunk: exports.scan as LoadedScanner['scanChunk'] };
    } catch (err) {
      failure = `the shared scanner's WebAssembly module cannot run here (${err instanceof Error ? err.message : String(err)}): the engine scans with JavaScript`;
      return null;
    }
  }

  return {
    get failure() {
      return failure;
    },
    load(tables) {
      if (!tried) loaded = instantiate();
      if (loaded === null) return null;
      if (current !== tables) {
        const { memory } = loaded;
        const pages = Math.ceil(tables.size / PAGE) - memory.buffer.byteLength / PAGE;
        if (pages > 0) memory.grow(pages);
        const bytes = new Uint8Array(memory.buffer);
        bytes.set(tables.head, 0);
        bytes.set(tables.tail, tables.tailAt);
        current = tables;
      }
      return loaded;
    },
  };
}
