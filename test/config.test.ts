// loadConfig: embedded defaults, YAML, env overrides, every problem at once, frozen result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../shared/config/load-config.ts';
import { DefinitionError } from '../shared/errors.ts';

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const c = loadConfig(null, {});
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      data_dir: './data',
      log_level: 'info',
      trust_proxy: false,
      limits: { body_bytes: 4194304, content_chars: 1048576, upload_bytes: 33554432, extract_workers: 2, extract_timeout_ms: 60000, extract_memory_mb: 512 },
      timeouts: { request_seconds: 60, headers_seconds: 20, keep_alive_seconds: 5 },
      auth: { max_failures: 10, window_seconds: 60, block_seconds: 300 },
      cors_origins: [],
      classification: { workers: 2, budget_ms_per_mb: 10_000, min_budget_ms: 2_000, max_queued: 64 },
      rule_import: { pattern_seconds: 10, request_seconds: 60 },
      console: { session_hours: 12 },
      webhooks: { allow_private: false, timeout_ms: 10_000, concurrency: 4, poll_interval_ms: 1000, backoff_base_ms: 10_000, backoff_max_ms: 3_600_000, give_up_after_hours: 24, keep_days: 30 },
      metrics: {},
    });
    expect(c.log).toEqual({ format: 'auto' });
    expect(c.agent.schedules.heartbeat).toBe(60);
    expect(c.agent.metrics).toEqual({});
    expect(Object.isFrozen(c.server.limits)).toBe(true);
  });

  it('takes the log format from the file or ASSAY_LOG_FORMAT, and refuses an unknown one', () => {
    expect(loadConfig('log:\n  format: pretty\n', {}).log.format).toBe('pretty');
    expect(loadConfig('log:\n  format: pretty\n', { ASSAY_LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(() => loadConfig('log:\n  format: colour\n', {})).toThrow(/log\.format/);
  });

  it('checks the metrics token, the agent metrics address and the heartbeat interval', () => {
    expect(loadConfig('server:\n  metrics:\n    token: 0123456789abcdef\n', {}).server.metrics.token).toBe('0123456789abcdef');
    expect(() => loadConfig('server:\n  metrics:\n    token: short\n', {})).toThrow(/server\.metrics\.token/);
    expect(() => loadConfig('server:\n  metrics:\n    token: "has a space in it, long enough"\n', {})).toThrow(/server\.metrics\.token/);
    for (const ok of ['9464', '127.0.0.1:9464', '0.0.0.0:0', '[::1]:9464', 'agent-host.example:9464']) {
      expect(loadConfig(`agent:\n  metrics:\n    listen: "${ok}"\n`, {}).agent.metrics.listen).toBe(ok);
    }
    for (const bad of ['', 'http://x:1', '127.0.0.1:', '70000', 'x:99999', ':9464']) {
      expect(() => loadConfig(`agent:\n  metrics:\n    listen: "${bad}"\n`, {}), bad).toThrow(/agent\.metrics\.listen/);
    }
    expect(loadConfig('agent:\n  schedules:\n    heartbeat: 0.5\n', {}).agent.schedules.heartbeat).toBe(0.5);
    for (const bad of ['0', '-1', '100000', '"soon"']) expect(() => loadConfig(`agent:\n  schedules:\n    heartbeat: ${bad}\n`, {}), bad).toThrow(/agent\.schedules\.heartbeat/);
  });

  it('derives the classification queue limit from the workers unless set, and refuses a bad one with its path and why', () => {
    expect(loadConfig('server:\n  classification:\n    workers: 3\n', {}).server.classification.max_queued).toBe(96);
    expect(loadConfig('server:\n  classification:\n    workers: 3\n    max_queued: 5\n', {}).server.classification.max_queued).toBe(5);
    const refusal = (value: string) => {
      try {
        loadConfig(`server:\n  classification:\n    max_queued: ${value}\n`, {});
      } catch (err) {
        expect(err).toBeInstanceOf(DefinitionError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('0')).toBe('config: server.classification.max_queued: Expected at least 1 (requests that may wait for a classification worker)');
    expect(refusal('-4')).toBe('config: server.classification.max_queued: Expected at least 1 (requests that may wait for a classification worker)');
    expect(refusal('2.5')).toBe('config: server.classification.max_queued: Expected a whole number of requests');
    expect(refusal('"many"')).toBe('config: server.classification.max_queued: Expected a whole number of requests');
    expect(refusal('100001')).toBe('config: server.classification.max_queued: Expected at most 100000');
  });

  it('takes a public URL for Link headers, and refuses one with a query, fragment or trailing slash', () => {
    expect(loadConfig('server:\n  public_url: https://assay.example.com/base\n', {}).server.public_url).toBe('https://assay.example.com/base');
    for (const bad of ['https://assay.example.com/', 'https://assay.example.com?x=1', 'https://assay.example.com#top', 'ftp://assay.example.com', 'assay.example.com']) {
      expect(() => loadConfig(`server:\n  public_url: "${bad}"\n`, {}), bad).toThrow(/public_url: Expected an http\(s\) URL/);
    }
  });

  it('accepts bare origins for CORS and refuses anything else', () => {
    expect(loadConfig('server:\n  cors_origins: [https://console.example.com, http://localhost:3000]\n', {}).server.cors_origins).toEqual([
      'https://console.example.com',
      'http://localhost:3000',
    ]);
    expect(() => loadConfig('server:\n  cors_origins: ["https://x.example/path", "*", "ftp://x.example"]\n', {})).toThrow(
      /cors_origins\.0: Expected a bare[\s\S]*cors_origins\.1: Expected a bare[\s\S]*cors_origins\.2: Expected a bare/
    );
  });

  it('applies the file, then env overrides', () => {
    const c = loadConfig('server:\n  port: 9000\n  host: 0.0.0.0\n', { ASSAY_PORT: '9100', ASSAY_DATA_DIR: '/var/lib/assay', ASSAY_LOG_LEVEL: 'warn' });
    expect(c.server).toMatchObject({ port: 9100, host: '0.0.0.0', data_dir: '/var/lib/assay', log_level: 'warn' });
  });

  it('reports every problem with its path, at once', () => {
    try {
      loadConfig('server:\n  port: seventy\n  colour: blue\n  limits:\n    body_bytes: 12\nextra: 1\n', { ASSAY_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      const p = (err as DefinitionError).problems.join('\n');
      expect(p).toMatch(/server\.port/);
      expect(p).toMatch(/server\.log_level/);
      expect(p).toMatch(/server\.limits\.body_bytes/);
      expect(p).toMatch(/server: Unrecognized key: "colour"/);
      expect(p).toMatch(/Unrecognized key: "extra"/);
    }
  });

  it('refuses YAML syntax errors, duplicate keys and non-mappings', () => {
    expect(() => loadConfig('server: [', {})).toThrow(DefinitionError);
    expect(() => loadConfig('server:\n  port: 1\n  port: 2\n', {})).toThrow(DefinitionError);
    expect(() => loadConfig('- a\n- b\n', {})).toThrow(DefinitionError);
  });

  it('accepts config.example.yaml as shipped', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'config.example.yaml'), 'utf8');
    expect(loadConfig(text, {}).server.port).toBe(8080);
  });
});

describe('config.example.yaml', () => {
  it('sets every key of the schema to its default', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'config.example.yaml'), 'utf8');
    const keys = (v: unknown, prefix = ''): string[] =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => keys(x, `${prefix}${k}.`)) : [prefix.slice(0, -1)];
    const fromFile = parseYaml(text) as unknown;
    // Left commented out in the example, as its default follows another key (set, it would pin the number).
    const derived = ['server.classification.max_queued'];
    expect(text).toMatch(/^ {4}# max_queued: 64$/m);
    expect([...keys(fromFile), ...derived].sort()).toEqual(keys(loadConfig(null, {})).sort());
    expect(loadConfig(text, {})).toEqual(loadConfig(null, {}));
  });

  it('leaves max_queued to follow the workers (32 each) when only workers is changed', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'config.example.yaml'), 'utf8').replace(/^( {4}workers: )\d+$/m, '$18');
    expect(loadConfig(text, {}).server.classification).toMatchObject({ workers: 8, max_queued: 256 });
  });
});
