// What the agent fault scenarios (agent-kill.ts, disk-full.ts) start from: a temp folder holding
// the server's data directory, the watched share and the agent's state directory; workspace
// "acme" with its key file; the server process; the agent's config file pointing at it. And the
// agent assets in the inventory, every page.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionKey, writeAgentConfig } from '../test/helpers/agent-process.ts';
import { freePort } from '../test/helpers/assay-process.ts';
import { httpCall, type ServerProcess, startServerProcess } from './processes.ts';

/** The agent's hostname: its asset names are `fault-host:<path>`. */
export const FAULT_HOST = 'fault-host';

export interface AgentFaultDirs {
  /** The temp folder holding the rest; the scenario removes it. */
  readonly base: string;
  readonly dataDir: string;
  /** The agent's watched root (created). */
  readonly watchDir: string;
  /** The agent's state directory (not created). */
  readonly stateDir: string;
  readonly keyFile: string;
  readonly configFile: string;
}

/** A fresh temp folder named `<prefix>XXXXXX`, laid out for an agent fault run. */
export function agentFaultDirs(prefix: string): AgentFaultDirs {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    base,
    dataDir: join(base, 'data'),
    watchDir: join(base, 'share'),
    stateDir: join(base, 'agent-state'),
    keyFile: join(base, 'agent.key'),
    configFile: join(base, 'agent.yaml'),
  };
  mkdirSync(dirs.watchDir);
  return dirs;
}

/**
 * Workspace "acme" and its key (written to keyFile), `assay server` on a free port, and the agent
 * config (hostname FAULT_HOST, `rescan` a cron schedule when given) pointing at that server.
 */
export async function startServerForAgent(dirs: AgentFaultDirs, opts: { rescan?: string } = {}): Promise<{ key: string; port: number; server: ServerProcess }> {
  const key = await provisionKey(dirs.dataDir, 'acme', dirs.keyFile);
  const port = await freePort();
  const server = await startServerProcess(dirs.dataDir, port);
  writeAgentConfig(dirs.configFile, { serverUrl: server.url, keyFile: dirs.keyFile, roots: [dirs.watchDir], stateDir: dirs.stateDir, hostname: FAULT_HOST, ...opts });
  return { key, port, server };
}

export interface AgentAsset {
  id: number;
  name: string;
  label: { name: string };
  removed_at: string | null;
}

/** Every agent asset, live and removed, following the `Link: rel="next"` pages. */
export async function allAgentAssets(api: string, key: string): Promise<AgentAsset[]> {
  const out: AgentAsset[] = [];
  let url: string | null = `${api}/assets?source=agent&status=all&limit=500`;
  while (url) {
    const res = await httpCall(url, { key });
    if (res.status !== 200) throw new Error(`GET /assets: ${res.status}`);
    out.push(...(res.body as AgentAsset[]));
    const link = res.headers?.get('link');
    url = link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
  }
  return out;
}
