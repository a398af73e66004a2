// Requests whose client went away before the answer: their handlers still run to the end (a
// classification still commits), so shutdown waits for them before it closes what they use.
// server.close() already waits for every request that still has its connection.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface AbandonedRequests {
  /**
   * Resolves once every handler whose client went away has answered (res.end), polling every
   * `pollMs`, or after `maxMs`; with how many had still not answered then.
   */
  settled(maxMs: number, pollMs?: number): Promise<number>;
}

export function trackAbandonedRequests(server: Server): AbandonedRequests {
  const abandoned = new Set<ServerResponse>();
  const prune = () => {
    for (const res of abandoned) if (res.writableEnded) abandoned.delete(res);
  };
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('close', () => {
      if (abandoned.size > 0) prune();
      if (!res.writableEnded) abandoned.add(res);
    });
  });
  return {
    async settled(maxMs, pollMs = 10) {
      const deadline = performance.now() + maxMs;
      prune();
      while (abandoned.size > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        prune();
      }
      return abandoned.size;
    },
  };
}
