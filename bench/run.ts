// `npm run bench`: runs each benchmark with its baseline in the same run, prints a table, and
// writes bench/results/latest.json. Bounded: a few minutes on a 2-core machine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgentBench } from './agent-bench.ts';
import { runAgentScaleBench } from './agent-scale-bench.ts';
import { runAllowListBench } from './allow-list-bench.ts';
import { runApiBench } from './api-bench.ts';
import { runEngineBench } from './engine-bench.ts';
import { runExportBench } from './export-bench.ts';
import { runExtractionBench } from './extraction-bench.ts';
import { runFormatBench } from './format-bench.ts';
import { runInventoryBench } from './inventory-bench.ts';
import { runOcrBench } from './ocr-bench.ts';
import { runPostgresBench } from './postgres-bench.ts';
import { runWebhooksBench } from './webhooks-bench.ts';
import { runPreviewBench } from './preview-bench.ts';

const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits));

/** A --files/--folders/--assets value: a positive whole number, or the default when absent. */
function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values: flags, positionals: only } = parseArgs({ allowPositionals: true, options: { files: { type: 'string' }, folders: { type: 'string' }, assets: { type: 'string' } } });
  // agent-scale is not part of a full run (generating and watching 200,000 files takes minutes): name it.
  const want = (name: string) => (only.length === 0 && name !== 'agent-scale') || only.includes(name);
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version };
  const results: Record<string, unknown> = { machine, started_at: new Date().toISOString() };
  try {
    if (want('engine')) {
      const e = runEngineBench({ dir, megabytes: 32, runs: 3 });
      results.engine = e;
      console.log('\nEngine: default catalogue over 32 MiB of generated text (1 MiB documents, one core)');
      console.table({
        'assay engine': { 'MB/s': fmt(e.engine_mb_s), note: `classify() with the full default catalogue; ${fmt(e.engine_cpu_mb_s)} MB/s of CPU time` },
        ripgrep: { 'MB/s': fmt(e.ripgrep_mb_s), note: e.ripgrep_note },
      });
      console.log(`ripgrep / engine: ${fmt(e.ratio_vs_ripgrep, 2)}x   (target: engine >= 100 MB/s and within 4x of ripgrep)`);
      console.log('CPU ms per 1 MiB document, each rule alone:');
      console.table(Object.fromEntries(Object.entries(e.per_rule_ms).map(([k, v]) => [k, { ms: v.toFixed(2) }])));
      console.log('classify() CPU time by document size:');
      console.table(Object.fromEntries(e.by_size.map((r) => [`${r.bytes / 1024} KiB`, { 'CPU µs per document': fmt(r.us_per_doc, 0), 'MB/s of CPU time': fmt(r.mb_s) }])));
    }
    if (want('allowlist')) {
      const l = runAllowListBench({ megabytes: 4, entries: 1000 });
      results.allowlist = l;
      console.log(`\nAllow-list: classify() over ${fmt(l.bytes / 2 ** 20)} MiB with ${l.card_matches} card matches, without and with a ${l.entries}-entry allow-list holding that card (CPU time)`);
      console.table({ 'no allow-list': { 'MB/s': fmt(l.without_mb_s) }, [`${l.entries} entries`]: { 'MB/s': fmt(l.with_mb_s) } });
      console.log(`with / without: ${fmt(l.ratio, 2)}   (target: >= 0.9: one HMAC per match, no second scan)`);
    }
    if (want('extraction')) {
      const x = await runExtractionBench({ dir, pdfFiles: 40, pagesPerPdf: 10, docxFiles: 40, docxChars: 256 * 1024 });
      results.extraction = x;
      console.log(`\nExtraction: the agent's worker pool (${x.workers} workers) vs command-line tools, ${x.workers} processes at a time`);
      console.table({
        [`PDF, ${x.pdf.files} files, ${x.pdf.pages} pages`]: { assay: `${fmt(x.pdf.assay_pages_s, 0)} pages/s`, baseline: `${fmt(x.pdf.pdftotext_pages_s, 0)} pages/s (pdftotext)`, 'baseline / assay': fmt(x.pdf.ratio_vs_pdftotext, 2) },
        [`DOCX, ${x.docx.files} files, ${fmt(x.docx.document_xml_mb)} MB of document.xml`]: { assay: `${fmt(x.docx.assay_mb_s)} MB/s`, baseline: `${fmt(x.docx.unzip_mb_s)} MB/s (unzip -p)`, 'baseline / assay': fmt(x.docx.ratio_vs_unzip, 2) },
      });
      console.log('(target: PDF within 3x of pdftotext per page)');
      const f = await runFormatBench({ dir, filesPerFormat: 20, chars: 256 * 1024 });
      results.formats = f;
      console.log('\nExtraction per format: text MB/s through the worker pool vs `unzip -p` of the text parts (same files, same run)');
      console.table(Object.fromEntries(f.map((r) => [`${r.format}, ${r.files} files, ${fmt(r.text_mb)} MB of text`, { assay: `${fmt(r.assay_mb_s)} MB/s`, baseline: `${fmt(r.unzip_mb_s)} MB/s (unzip -p)`, 'baseline / assay': fmt(r.ratio_vs_unzip, 2) }])));
    }
    if (want('ocr')) {
      const o = await runOcrBench({ dir, pages: 24 });
      results.ocr = o;
      console.log(`\nOCR: the same scanned page ${o.pages} times, ${o.page_pixels}; the agent's worker pool (${o.workers} workers) vs the tesseract CLI`);
      console.table({
        'image (PNG)': { assay: `${fmt(o.assay_pages_s, 2)} pages/s`, baseline: `${fmt(o.tesseract_cli_pages_s, 2)} pages/s (tesseract CLI)`, 'baseline / assay': fmt(o.ratio_vs_tesseract, 2) },
        'image-only PDF page': { assay: `${fmt(o.assay_pdf_pages_s, 2)} pages/s`, baseline: 'n/a', 'baseline / assay': 'n/a' },
      });
      console.log(`(target: within 2x of the tesseract CLI per page) ${o.note}`);
    }
    if (want('api')) {
      const a = await runApiBench({ dataDir: join(dir, 'api-data'), seconds: 10, connections: 32 });
      results.api = a;
      console.log(`\nAPI: POST /api/v1/classify, ${a.content_bytes} B of content, ${a.connections} connections, ${a.seconds} s each`);
      const row = (r: typeof a.assay) => ({
        'req/s': fmt(r.requests_per_s, 0),
        'p50 ms': fmt(r.p50_ms),
        'p99 ms': fmt(r.p99_ms),
        errors: r.errors + r.non2xx,
        requests: r.total,
        'main thread µs/req': fmt(r.main_thread_cpu_us_per_request, 0),
        'all threads µs/req': fmt(r.cpu_us_per_request, 0),
        'main waits/req': fmt(r.main_thread_waits_per_request, 2),
        'main preempted/req': fmt(r.main_thread_preemptions_per_request, 2),
        'client µs/req': fmt(r.client_cpu_us_per_request, 0),
        'write batch': r.write_batch_size === null ? '-' : fmt(r.write_batch_size, 1),
        'write tx ms': r.write_batch_ms === null ? '-' : fmt(r.write_batch_ms, 2),
      });
      console.table({ assay: row(a.assay), 'bare express': row(a.bare_express) });
      console.log(`assay / bare express: ${fmt(a.ratio * 100, 0)}%   (target: >= 50%, p99 < 50 ms)`);
    }
    if (want('webhooks')) {
      const w = await runWebhooksBench({ dir: join(dir, 'webhooks-data'), seconds: 8, connections: 32 });
      results.webhooks = w;
      console.log(`\nWebhooks: POST /api/v1/classify (4 KB, new assets), ${w.connections} connections, ${w.seconds} s each, with no webhook / a receiver answering 200 / one that never answers`);
      const row = (r: typeof w.none) => ({ 'req/s': fmt(r.requests_per_s, 0), 'p50 ms': fmt(r.p50_ms), 'p99 ms': fmt(r.p99_ms), errors: r.errors + r.non2xx, requests: r.total });
      console.table({ 'no webhook': row(w.none), 'receiver 200': row(w.receiver_ok), 'receiver hangs': row(w.receiver_hangs) });
      const k = w.receiver_ok;
      console.log(`events delivered by the end of the load: ${k.delivered_by_end}, 5 s later: ${k.delivered_5s_later}, of ${k.classified} classifications (warm-up included)   (target: req/s within 10% of no webhook in both)`);
    }
    if (want('preview')) {
      const p = await runPreviewBench({ dataDir: join(dir, 'preview-data'), megabytes: 8, runs: 3 });
      results.preview = p;
      console.log(`\nPOST /api/v1/classify/preview: ${p.documents} documents of 1 MiB, one request at a time (bodies prepared before the timing, node:http), beside classify() in-process on the same documents`);
      console.table({
        'POST /classify/preview': { 'MB/s': fmt(p.api_prepared_mb_s), note: `not comparable with rounds <= 6 (their client is the next row); ${fmt(p.api_cpu_mb_s)} MB/s of the server's CPU time (all threads); per MiB: main thread ${fmt(p.api_main_thread_cpu_ms_per_mb)} ms, classification worker ${fmt(p.api_worker_cpu_ms_per_mb)} ms, other threads ${fmt(p.api_other_threads_cpu_ms_per_mb)} ms` },
        'the same, round 6 client': { 'MB/s': fmt(p.api_fetch_client_mb_s), note: 'fetch, each JSON body built per request (comparable with earlier rounds)' },
        'the same, 2 in flight': { 'MB/s': fmt(p.api_two_in_flight_mb_s), note: 'two requests at a time: not the target figure' },
        'with accents, UTF-8 JSON': { 'MB/s': fmt(p.api_accented_utf8_mb_s), note: "every word's final e as é; read by the worker's name/content reader" },
        'with accents, ensure_ascii JSON': { 'MB/s': fmt(p.api_accented_ensure_ascii_mb_s), note: 'the same as Python json.dumps writes it (\\u00e9): JSON.parse of the whole body' },
        'classify() in-process': { 'MB/s': fmt(p.engine_cpu_mb_s), note: 'MB/s of CPU time' },
      });
      console.log(`(target: >= 70 MB/s through the API, one request at a time; the first row: ${p.requests_per_run} requests a run; load average ${p.load_average.map((l) => l.toFixed(1)).join(' → ')})`);
    }
    if (want('inventory')) {
      const inv = await runInventoryBench({ dataDir: join(dir, 'inventory-data'), assets: count('assets', flags.assets, 1_000_000), samples: 200 });
      results.inventory = inv;
      console.log(`\nInventory: GET /api/v1/assets?limit=50 over ${inv.assets.toLocaleString('en')} assets (seeded in ${fmt(inv.seed_seconds, 0)} s), ${inv.samples_per_query} requests each, one at a time`);
      console.table(Object.fromEntries(inv.queries.map((q) => [q.query, { rows: q.rows, 'p50 ms': fmt(q.p50_ms), 'p99 ms': fmt(q.p99_ms), 'p50 / first page': fmt(q.ratio_p50_vs_first_page, 2), 'server CPU ms': fmt(q.server_cpu_ms, 2) }])));
      console.log(`worst p99: ${fmt(inv.worst_p99_ms)} ms   (target: every query p99 < 100 ms)`);
      console.log(`POST /classify at this size (4 KiB, new assets, 32 connections, 5 s): ${fmt(inv.writes.requests_per_s, 0)} req/s, p99 ${fmt(inv.writes.p99_ms)} ms, ${inv.writes.errors + inv.writes.non2xx} errors, server CPU ${fmt(inv.writes.server_cpu_ms, 2)} ms per request`);
    }
    if (want('export')) {
      const x = await runExportBench({ dataDir: join(dir, 'export-data'), assets: count('assets', flags.assets, 100_000) });
      results.export = x;
      console.log(`\nInventory export: ${x.assets.toLocaleString('en')} assets (seeded in ${fmt(x.seed_seconds, 0)} s), server RSS sampled every 20 ms; idle ${fmt(x.rss_idle_mib, 0)} MiB`);
      console.table(
        Object.fromEntries(
          x.runs.map((r) => [`${r.what} (pass ${r.pass})`, { MB: fmt(r.megabytes), s: fmt(r.seconds), 'RSS before': fmt(r.rss_before_mib, 0), peak: fmt(r.rss_peak_mib, 0), after: fmt(r.rss_after_mib, 0), 'rise MiB': fmt(r.rss_rise_mib) }]),
        ),
      );
      console.log('(target: the export streams with flat server memory: a rise of a few MiB at any size)');
    }
    if (want('postgres')) {
      const assets = Number(process.env.BENCH_PG_ASSETS ?? 1_000_000);
      const p = await runPostgresBench({ seconds: 10, connections: 32, assets, samples: 200 });
      results.postgres = p;
      const c = p.classify;
      console.log(`\nPostgreSQL: POST /api/v1/classify through one server on PostgreSQL (compare with the API table above: SQLite), ${c.connections} connections, ${c.seconds} s`);
      console.table({ 'assay on PostgreSQL': { 'req/s': fmt(c.requests_per_s, 0), 'p50 ms': fmt(c.p50_ms), 'p99 ms': fmt(c.p99_ms), errors: c.errors + c.non2xx, requests: c.total } });
      const k = p.per_classification;
      console.log(`per classification: server CPU ${fmt(k.server_cpu_ms, 2)} ms, database CPU ${fmt(k.database_cpu_ms, 2)} ms, ${fmt(k.transactions, 3)} transactions (${k.statements_per_transaction} statements each), ${fmt(k.wal_bytes, 0)} WAL bytes`);
      console.log(`Inventory on PostgreSQL: GET /api/v1/assets?limit=50 over ${p.inventory.assets.toLocaleString('en')} assets (seeded in ${fmt(p.inventory.seed_seconds, 0)} s), ${p.inventory.samples} requests each`);
      console.table(Object.fromEntries(p.inventory.queries.map((q) => [q.query, { rows: q.rows, 'p50 ms': fmt(q.p50_ms), 'p99 ms': fmt(q.p99_ms) }])));
      console.log(`worst p99: ${fmt(p.inventory.worst_p99_ms)} ms   (target: every query p99 < 100 ms)`);
    }
    if (want('agent')) {
      const files = Number(process.env.BENCH_AGENT_FILES ?? 10_000);
      const g = await runAgentBench({ dir: join(dir, 'agent'), files, timeoutS: 300 });
      results.agent = g;
      const f = g.by_format;
      console.log(`\nAgent: first inventory of ${g.files} files (${f.text} text, ${f.csv} CSV, ${f.docx} DOCX, ${f.pdf} PDF; ${g.sensitive_files} sensitive; ${fmt(g.tree_mb)} MB), agent and server in their own processes`);
      console.table({
        'assay agent -> server': { seconds: fmt(g.initial.seconds), 'files/s': fmt(g.initial.files_per_s, 0), 'agent peak RSS MiB': fmt(g.initial.agent_peak_rss_mib, 0), 'server peak RSS MiB': fmt(g.initial.server_peak_rss_mib, 0) },
        'shell: pdftotext/unzip | rg': { seconds: fmt(g.shell.seconds), 'files/s': fmt(g.shell.files_per_s, 0), 'agent peak RSS MiB': '', 'server peak RSS MiB': '' },
        'agent restart, unchanged tree': { seconds: fmt(g.restart.seconds_until_idle), 'files/s': `${g.restart.files_resent} re-sent`, 'agent peak RSS MiB': fmt(g.restart.agent_peak_rss_mib, 0), 'server peak RSS MiB': '' },
      });
      const perFile = (s: number | null) => (s === null ? 'n/a' : `${fmt((s * 1000) / g.files, 1)} ms`);
      console.log(`CPU per file: agent ${perFile(g.initial.agent_cpu_s)}, server ${perFile(g.initial.server_cpu_s)} (all threads); main threads: agent ${perFile(g.initial.agent_main_thread_cpu_s)}, server ${perFile(g.initial.server_main_thread_cpu_s)}`);
      console.log(`server write batches: ${g.initial.server_write_batches ?? 'n/a'} transactions, ${fmt(g.initial.server_mean_batch_size, 1)} classifications each on average`);
      console.log(`shell baseline: ${g.shell.note}`);
      console.log(`agent / shell time: ${fmt(g.ratio_vs_shell, 2)}x   (targets: >= 100 files/s, within 3x of the shell, agent RSS < 300 MB, restart < 10 s with 0 re-sent)`);
    }
    if (want('agent-scale')) {
      const m = await runAgentScaleBench({ dir: join(dir, 'agent-scale'), files: count('files', flags.files, 200_000), folders: count('folders', flags.folders, 20_000) });
      results.agent_scale = m;
      console.log(`\nAgent at scale: ${m.files.toLocaleString('en')} files in ${m.folders.toLocaleString('en')} folders (generated in ${fmt(m.generate_s)} s, state seeded in ${fmt(m.seed_s)} s)`);
      const row = (r: typeof m.full) => ({
        's to watching': fmt(r.seconds_to_watching),
        'folders watched': r.watched_folders,
        's to scan done': fmt(r.seconds_to_scan_done),
        're-sent': r.files_resent,
        'RSS MiB': fmt(r.rss_watching_mib, 0),
        'peak MiB': fmt(r.peak_rss_mib, 0),
        'CPU s': fmt(r.cpu_s),
      });
      console.table({ 'folders only': row(m.folders_only), 'restart over the full tree': row(m.full) });
      console.log(`idle agent RSS ${fmt(m.idle_rss_mib, 0)} MiB; watching the full tree: ${fmt(m.beyond_idle_mib, 0)} MiB beyond idle, ${fmt(m.kib_per_folder, 2)} KiB per folder, ${fmt(m.kib_per_file, 2)} KiB per file`);
      console.log('(targets at 200,000 files / 20,000 folders: < 200 MB beyond idle; restart < 60 s with 0 re-sent)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten bench/results/latest.json');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
