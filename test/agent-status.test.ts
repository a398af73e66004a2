// What operators see: scan progress logged every few seconds (found, done, failed, rate, ETA)
// and published for `assay agent status`, and the status report's plain-text form.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startScanProgress, type ScanProgress } from '../agent/scan/scan-progress.ts';
import { type AgentStatus, formatAgentStatus } from '../agent/status/agent-status.ts';
import { logSink, waitFor } from './helpers/agent-harness.ts';
import { manualClock } from './helpers/test-server.ts';

describe('scan progress', () => {
  it('logs and publishes found, done, failed, rate and ETA while a scan runs, and once at the end', async () => {
    const clock = manualClock(new Date('2026-06-12T08:00:00Z'));
    const sink = logSink();
    const published: ScanProgress[] = [];
    const progress = startScanProgress({ trigger: 'scheduled', logger: pino(sink.stream), clock, intervalMs: 20, publish: (p) => published.push(p) });
    for (let i = 0; i < 40; i++) progress.found();
    for (let i = 0; i < 10; i++) progress.done(i < 2, false);
    for (const ext of ['jpg', 'jpg', 'png', 'jpg', '']) progress.skipped(ext);
    clock.advance(5000);
    const line = await waitFor(() => sink.logs.find((l) => l.msg === 'scan progress'), 'a progress line');
    expect(line).toMatchObject({ trigger: 'scheduled', state: 'running', walking: true, found: 40, done: 10, failed: 2, rate: 2, eta_s: 15 });
    expect(line).toMatchObject({ skipped: 5, skipped_top: [{ ext: 'jpg', count: 3 }, { ext: '', count: 1 }, { ext: 'png', count: 1 }] });
    expect(published.length).toBeGreaterThan(0);
    progress.walked();
    const end = progress.end('finished');
    expect(end).toMatchObject({ state: 'finished', walking: false, finished_at: '2026-06-12T08:00:05.000Z' });
    expect(sink.logs.at(-1)!.msg).toBe('scan finished');
    const count = sink.logs.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(sink.logs.length).toBe(count); // the timer stopped
  });
});

describe('formatAgentStatus', () => {
  it('shows files, outbox, oldest item, last sync, delivery, rules, scan and failures', () => {
    const status: AgentStatus = {
      files: { tracked: 12, classified: 10, unparseable: 2, delivery_errors: 1, delivered: 9 },
      outbox: { depth: 3, classify: 2, remove: 1, oldest: { path: '/srv/a.pdf', kind: 'classify', created_at: '2026-06-12T08:00:00.000Z', attempts: 4, last_error: 'ECONNREFUSED: connect' } },
      last_sync: { at: '2026-06-12T07:59:00.000Z', path: '/srv/b.txt', kind: 'classify' },
      delivery: { status: 'backing_off', reason: 'ECONNREFUSED: connect', since: '2026-06-12T08:00:01.000Z', consecutive_failures: 4, next_attempt_at: null, delivered: 9, rejected: 1 },
      scan: { state: 'running', trigger: 'scheduled', started_at: '2026-06-12T08:00:00.000Z', finished_at: null, walking: false, found: 100, done: 40, failed: 1, unreadable_dirs: 0, removed: 0, skipped: 7, skipped_top: [{ ext: 'jpg', count: 6 }, { ext: 'exe', count: 1 }], rate: 8, eta_s: 8 },
      skipped: [
        { reason: 'encrypted', count: 2, top_extensions: [{ ext: 'zip', count: 1 }, { ext: 'pdf', count: 1 }] },
        { reason: 'unsupported', count: 7, top_extensions: [{ ext: 'jpg', count: 6 }, { ext: 'exe', count: 1 }] },
      ],
      rules: { version: 'abc', fetched_at: '2026-06-12T07:55:00.000Z', rules: 5 },
      failures: [
        { path: '/srv/secret.pdf', kind: 'unparseable', reason: 'encrypted: password-protected PDF' },
        { path: '/srv/long.txt', kind: 'delivery', reason: 'HTTP 422: body.content: String should have at most 2048 characters' },
      ],
      watcher: 'inotify',
    };
    const text = formatAgentStatus(status);
    for (const part of [
      'files tracked:      12 (10 classified, 2 unparseable, 9 acknowledged by the server)',
      'outbox:             3 waiting (2 classifications, 1 removals)',
      'oldest undelivered: 2026-06-12T08:00:00.000Z classify /srv/a.pdf (4 attempts, last error: ECONNREFUSED: connect)',
      'last sync:          2026-06-12T07:59:00.000Z (classify /srv/b.txt)',
      'delivery:           backing_off since 2026-06-12T08:00:01.000Z: ECONNREFUSED: connect',
      'scan:               scheduled scan since 2026-06-12T08:00:00.000Z: 100 found, 40 done, 1 failed, 0 removed, 8/s, ETA 8s',
      'skipped:            2 encrypted (.zip 1, .pdf 1); 7 unsupported (.jpg 6, .exe 1)',
      'unparseable  /srv/secret.pdf: encrypted: password-protected PDF',
      'refused      /srv/long.txt: HTTP 422',
    ]) {
      expect(text).toContain(part);
    }
  });
});
