// A writable stream for pino that keeps every JSON log line, raw and parsed, for assertions.
import { Writable } from 'node:stream';

export function logSink(): { stream: Writable; logs: Record<string, unknown>[]; rawLogs: string[] } {
  const logs: Record<string, unknown>[] = [];
  const rawLogs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, logs, rawLogs };
}
