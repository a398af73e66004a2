// The tesseract.js worker thread, started by extract/ocr-engine.ts instead of the stock one:
// the same script, with console output silenced first. Its WebAssembly core prints library
// diagnostics (e.g. "libpng error: IDAT: incorrect header check") with console.log/error, which a
// worker thread forwards to the process's stdout — the agent's JSON log stream. The failure
// itself still reaches the extraction result as an error.
'use strict';

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[method] = () => undefined;
require('tesseract.js/src/worker-script/node/index.js');
