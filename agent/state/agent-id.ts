// The agent's stable id, kept in STATE_DIR/agent-id: made once (a random UUID), then the same for
// as long as the state directory lives, so the server's fleet view follows one agent across
// restarts, host renames and root changes. A file that is not a valid id is replaced.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_ID_PATTERN } from '../../shared/api/agent-schemas.ts';

export const AGENT_ID_FILE = 'agent-id';

export function readOrCreateAgentId(stateDir: string): string {
  const file = join(stateDir, AGENT_ID_FILE);
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (AGENT_ID_PATTERN.test(id)) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${id}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return id;
}
