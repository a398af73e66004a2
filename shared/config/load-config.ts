// Resolves the configuration once: YAML text, then documented environment overrides, validated
// against the schema with every problem reported at once, returned frozen.
import { parseDocument } from 'yaml';
import { DefinitionError } from '../errors.ts';
import { type Config, configSchema } from './config-schema.ts';

/** Environment variables that override keys of the file. */
export const ENV_OVERRIDES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ASSAY_DATA_DIR: ['server', 'data_dir'],
  ASSAY_HOST: ['server', 'host'],
  ASSAY_PORT: ['server', 'port'],
  ASSAY_LOG_LEVEL: ['server', 'log_level'],
  ASSAY_LOG_FORMAT: ['log', 'format'],
  ASSAY_DATABASE_URL: ['storage', 'url'],
  ASSAY_AGENT_SERVER_URL: ['agent', 'server_url'],
  ASSAY_AGENT_API_KEY: ['agent', 'api_key'],
  ASSAY_AGENT_API_KEY_FILE: ['agent', 'api_key_file'],
  ASSAY_AGENT_STATE_DIR: ['agent', 'state_dir'],
  ASSAY_AGENT_LOG_LEVEL: ['agent', 'log_level'],
});

/**
 * One source of the agent key set in the environment replaces the other source given in the
 * file (flags > environment > file): a unit that sets ASSAY_AGENT_API_KEY_FILE wins over an inline
 * `api_key` of the config file. Both set in the environment still conflict.
 */
const ENV_REPLACES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ASSAY_AGENT_API_KEY: ['agent', 'api_key_file'],
  ASSAY_AGENT_API_KEY_FILE: ['agent', 'api_key'],
});

function deletePath(target: Record<string, unknown>, path: readonly string[]): void {
  const parent = target[path[0]!];
  if (typeof parent === 'object' && parent !== null && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[path[1]!];
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function envValue(raw: string): unknown {
  return /^[0-9]+$/.test(raw) ? Number(raw) : raw;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A copy of the parsed file with the documented environment overrides applied. */
export function withEnvOverrides(raw: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const merged = structuredClone(raw) as Record<string, unknown>;
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  for (const [name, path] of Object.entries(ENV_REPLACES)) if (set(name)) deletePath(merged, path);
  for (const [name, path] of Object.entries(ENV_OVERRIDES)) if (set(name)) setPath(merged, path, envValue(env[name]!));
  return merged;
}

/** `yamlText` may be null (no file: embedded defaults). Throws DefinitionError with every problem. */
export function loadConfig(yamlText: string | null, env: Readonly<Record<string, string | undefined>>): Config {
  let raw: unknown = {};
  if (yamlText !== null) {
    const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) throw new DefinitionError(doc.errors.map((e) => `config: ${e.message}`));
    raw = doc.toJSON() ?? {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DefinitionError(['config: the top level must be a mapping']);
  const parsed = configSchema.safeParse(withEnvOverrides(raw as Record<string, unknown>, env));
  if (!parsed.success) {
    throw new DefinitionError(parsed.error.issues.map((i) => `config: ${i.path.join('.') || '(top level)'}: ${i.message}`));
  }
  return deepFreeze(parsed.data);
}
