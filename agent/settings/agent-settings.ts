// Resolves the agent's settings once: the `agent:` config section plus what the schema cannot
// check (a key from exactly one source, at least one root, valid cron expressions), with every
// problem reported at once and the result frozen.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { validateDetailed } from 'node-cron';
import { parse as parseYaml } from 'yaml';
import type { AgentConfig, LogFormat } from '../../shared/config/config-schema.ts';
import { loadConfig, withEnvOverrides } from '../../shared/config/load-config.ts';
import { DefinitionError } from '../../shared/errors.ts';

/** The agent's configuration with its key read, paths absolute and the host name decided. */
export type AgentSettings = Readonly<Omit<AgentConfig, 'api_key' | 'api_key_file' | 'hostname' | 'ca_file'>> & {
  readonly api_key: string;
  readonly hostname: string;
  /** PEM text of `agent.ca_file`: extra CA certificates to trust for an https server_url. */
  readonly ca_certificates: string | null;
  /** The config file's `log.format` (shared with the server). */
  readonly log_format: LogFormat;
};

export interface ResolveOptions {
  /** Base of relative paths (roots, state_dir, api_key_file). */
  readonly cwd: string;
  /** Used when `agent.hostname` is not set. */
  readonly hostname: string;
  /** The config's `log.format`, where the caller has it; default `auto`. */
  readonly logFormat?: LogFormat;
}

const KEY_PATTERN = /^chk_[A-Za-z0-9_-]{32,128}$/;

type Loose = Record<string, unknown>;

function section(value: unknown, key: string): Loose {
  const v = typeof value === 'object' && value !== null ? (value as Loose)[key] : undefined;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {};
}

function readKey(agent: Loose, cwd: string, problems: string[]): string | null {
  const inline = typeof agent.api_key === 'string' ? agent.api_key.trim() : undefined;
  const file = typeof agent.api_key_file === 'string' ? agent.api_key_file : undefined;
  if (inline !== undefined && file !== undefined) {
    problems.push('config: agent: set only one of api_key and api_key_file (in the environment, only one of ASSAY_AGENT_API_KEY and ASSAY_AGENT_API_KEY_FILE; one set there replaces both in the file)');
    return null;
  }
  if (inline === undefined && file === undefined) {
    problems.push('config: agent.api_key_file: no API key configured (set agent.api_key_file, agent.api_key or ASSAY_AGENT_API_KEY)');
    return null;
  }
  let key = inline ?? '';
  let where = 'agent.api_key';
  if (file !== undefined) {
    where = 'agent.api_key_file';
    try {
      key = readFileSync(resolve(cwd, file), 'utf8').trim();
    } catch (err) {
      problems.push(`config: agent.api_key_file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return null;
    }
  }
  if (!KEY_PATTERN.test(key)) {
    problems.push(`config: ${where}: not an Assay API key (expected chk_ followed by 32 or more URL-safe characters)`);
    return null;
  }
  return key;
}

function readCaFile(agent: Loose, cwd: string, problems: string[]): string | null {
  const file = agent.ca_file;
  if (typeof file !== 'string') return null;
  let pem: string;
  try {
    pem = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    problems.push(`config: agent.ca_file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`config: agent.ca_file: ${file} holds no PEM certificate`);
    return null;
  }
  return pem;
}

/** Problems the schema cannot see; works on a validated section or on raw YAML values. */
function semanticProblems(agent: Loose, cwd: string): { problems: string[]; key: string | null; ca: string | null } {
  const problems: string[] = [];
  const roots = section(agent, 'watch').roots;
  if (roots === undefined || (Array.isArray(roots) && roots.length === 0)) {
    problems.push('config: agent.watch.roots: at least one folder to watch is required');
  }
  const schedules = section(agent, 'schedules');
  for (const name of ['rescan', 'rule_refresh']) {
    const expr = schedules[name];
    if (typeof expr !== 'string') continue;
    const check = validateDetailed(expr.trim());
    if (!check.valid) {
      const why = check.errors.map((e) => e.message).join('; ') || 'invalid cron expression';
      problems.push(`config: agent.schedules.${name}: ${why}`);
    }
  }
  const key = readKey(agent, cwd, problems);
  const ca = readCaFile(agent, cwd, problems);
  return { problems, key, ca };
}

/** Settings from an already validated config section. Throws DefinitionError with every problem. */
export function resolveAgentSettings(agent: AgentConfig, opts: ResolveOptions): AgentSettings {
  const { problems, key, ca } = semanticProblems(agent as unknown as Loose, opts.cwd);
  if (problems.length > 0 || key === null) throw new DefinitionError(problems);
  return finish(agent, key, ca, opts);
}

function finish(agent: AgentConfig, key: string, ca: string | null, opts: ResolveOptions): AgentSettings {
  const { api_key: _inline, api_key_file: _file, hostname, ca_file: _ca, ...rest } = agent;
  const abs = (p: string) => (isAbsolute(p) ? resolve(p) : resolve(opts.cwd, p));
  return Object.freeze({
    ...rest,
    api_key: key,
    ca_certificates: ca,
    log_format: opts.logFormat ?? 'auto',
    hostname: hostname ?? opts.hostname,
    state_dir: abs(agent.state_dir),
    watch: Object.freeze({ ...agent.watch, roots: Object.freeze([...new Set(agent.watch.roots.map(abs))]) as string[] }),
  });
}

/**
 * YAML text (null: defaults) and environment to settings. Schema problems and agent problems
 * are reported together in one DefinitionError, so a broken file is fixed in one pass.
 */
export function loadAgentSettings(yamlText: string | null, env: Readonly<Record<string, string | undefined>>, opts: ResolveOptions): AgentSettings {
  const problems: string[] = [];
  let agent: Loose;
  let validated: AgentConfig | null = null;
  try {
    const config = loadConfig(yamlText, env);
    validated = config.agent;
    opts = { ...opts, logFormat: config.log.format };
    agent = validated as unknown as Loose;
  } catch (err) {
    if (!(err instanceof DefinitionError)) throw err;
    problems.push(...err.problems);
    agent = rawAgentSection(yamlText, env);
  }
  const semantic = semanticProblems(agent, opts.cwd);
  problems.push(...semantic.problems);
  if (problems.length > 0 || validated === null || semantic.key === null) throw new DefinitionError(problems);
  return finish(validated, semantic.key, semantic.ca, opts);
}

/** Best-effort view of the agent section when the file does not validate. */
function rawAgentSection(yamlText: string | null, env: Readonly<Record<string, string | undefined>>): Loose {
  let raw: unknown = {};
  try {
    raw = yamlText === null ? {} : parseYaml(yamlText);
  } catch {
    raw = {};
  }
  return section(withEnvOverrides(typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Loose) : {}, env), 'agent');
}
