// A node-cron job that never overlaps itself, logs its failures, and is destroyed on stop.
import { createTask } from 'node-cron';
import type { Logger } from 'pino';

export interface CronJob {
  stop(): void;
}

export function startCronJob(expression: string, name: string, logger: Logger, job: () => Promise<unknown>): CronJob {
  const task = createTask(
    expression,
    async () => {
      try {
        await job();
      } catch (err) {
        logger.error({ job: name, err: (err as Error).message }, 'scheduled job failed');
      }
    },
    { noOverlap: true, name },
  );
  void task.start();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      void task.destroy();
    },
  };
}
