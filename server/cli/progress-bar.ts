// A one-line progress bar for terminals; silent when stderr is not a terminal.
import type { CliIo } from './cli-io.ts';

export function createProgressBar(io: CliIo, label: string) {
  const enabled = io.stderr.isTTY === true;
  let lastDraw = 0;
  return {
    update(fraction: number, detail: string, force = false): void {
      if (!enabled) return;
      const now = Date.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${detail}\x1b[K`);
    },
    finish(): void {
      if (enabled) io.stderr.write('\n');
    },
  };
}
