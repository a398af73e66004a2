// Assembles the engine's shared scanner (shared/engine/scanner/shared-scan.wat) into
// shared/engine/scanner/shared-scan-wasm.ts, which the engine loads: `npx tsx bin/build-scanner.ts`
// after editing the .wat (bin/build-wasm.ts builds it with the other modules). test/shared-scanner.test.ts
// assembles the source again and requires the committed bytes, so the module can never be stale.
import { fileURLToPath } from 'node:url';
import { assembleWat, buildWasm, SCANNER_TARGET, wasmModuleText } from './build-wasm.ts';

export const SCANNER_SOURCE = SCANNER_TARGET.source;
export const SCANNER_MODULE = SCANNER_TARGET.module;

/** The WebAssembly bytes of the scanner's text format: validated, no names section. */
export const assembleScanner = (wat: string): Promise<Uint8Array> => assembleWat('shared-scan.wat', wat);

/** The generated module's text for these bytes. */
export const scannerModuleText = (bytes: Uint8Array): string => wasmModuleText(SCANNER_TARGET, bytes);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildWasm(SCANNER_TARGET);
