// Run as `tsx ocr-offline-probe.ts FILE...` (inside `unshare -n`, with no network at all): extracts
// each file through a real extractor pool and prints the results as one JSON array.
import { pino } from 'pino';
import { createExtractorPool } from '../../extract/extractor-pool.ts';

const pool = createExtractorPool({ workers: 1, timeoutMs: 60_000, maxMemoryMb: 256, maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000, logger: pino({ level: 'silent' }) });
try {
  const results = [];
  for (const file of process.argv.slice(2)) results.push(await pool.extract(file));
  process.stdout.write(JSON.stringify(results));
} finally {
  await pool.close();
}
