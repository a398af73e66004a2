// Watches the fleet for agents turning stale: each one is marked once in the database, with its
// `agent.stale` webhook event in the same transaction, and logged once (warn) by the server that
// marked it; an agent that reports again and later goes quiet again is marked again. An agent that
// stops is not an error by itself: only silence for STALE_INTERVALS of its interval is.
import type { Logger } from 'pino';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { Repository } from '../storage/repository.ts';
import { isStale, STALE_INTERVALS } from './agent-fleet.ts';

export interface FleetMonitor {
  /** Checks now (the timer calls it; tests may too) and returns how many agents are stale. */
  check(): Promise<number>;
  start(): void;
  /** An agent reported with this interval: check at least that often from now on. */
  observe(heartbeatSeconds: number): void;
  /** Stops the timer. Idempotent. */
  close(): void;
}

const MIN_PERIOD_MS = 250;
const MAX_PERIOD_MS = 60_000;

export function createFleetMonitor(deps: { repo: Repository; clock: Clock; logger: Logger }): FleetMonitor {
  const { repo, clock, logger } = deps;
  /** `workspace/agent` → the last_seen it was logged stale at. */
  const logged = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let period = MAX_PERIOD_MS;

  async function check(): Promise<number> {
    const now = clock.now().getTime();
    const pulses = await repo.agentPulses();
    let stale = 0;
    const seen = new Set<string>();
    for (const p of pulses) {
      const id = `${p.workspace_id}/${p.agent_id}`;
      seen.add(id);
      if (!isStale(p.last_seen_ms, p.heartbeat_seconds, now)) continue;
      stale++;
      if (logged.get(id) === p.last_seen_ms) continue;
      logged.set(id, p.last_seen_ms);
      // Marked once in the database, with its agent.stale webhook event: of several servers, the one that marks it logs it.
      if (!(await repo.markAgentStale(p, apiTimestamp(clock.now())))) continue;
      logger.warn(
        { workspace_id: p.workspace_id, agent_id: p.agent_id, hostname: p.hostname, last_seen: new Date(p.last_seen_ms).toISOString(), heartbeat_seconds: p.heartbeat_seconds },
        `agent stale: no report for ${STALE_INTERVALS} heartbeat intervals`,
      );
    }
    for (const id of logged.keys()) if (!seen.has(id)) logged.delete(id);
    // Check as often as the fastest agent reports, within bounds.
    const fastest = Math.min(...pulses.map((p) => p.heartbeat_seconds * 1000), MAX_PERIOD_MS);
    period = Math.max(MIN_PERIOD_MS, fastest);
    return stale;
  }

  /** One timer at a time: a new schedule replaces a pending one. */
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed) return;
    timer = setTimeout(() => {
      timer = null;
      check()
        .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'fleet check failed'))
        .finally(schedule);
    }, period);
    timer.unref();
  }

  return {
    check,
    start() {
      if (timer === null && !closed) schedule();
    },
    observe(heartbeatSeconds) {
      const ms = Math.max(MIN_PERIOD_MS, heartbeatSeconds * 1000);
      if (ms >= period || closed) return;
      period = ms;
      if (timer) schedule(); // else a check is running and schedules when done
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
