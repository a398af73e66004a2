// Process RSS watchdog: worker heap limits do not cover ArrayBuffers (e.g. pdf.js inflating a stream bomb), this does.

export interface RssWatch {
  stop(): void;
}

export interface RssWatchOptions {
  limitBytes: number;
  intervalMs: number;
  /** Called when RSS exceeds the limit; sampling pauses until the returned promise settles. */
  onExceeded(rssBytes: number): Promise<void>;
}

export function watchRss(opts: RssWatchOptions): RssWatch {
  let handling = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (handling || stopped) return;
    const rss = process.memoryUsage.rss();
    if (rss <= opts.limitBytes) return;
    handling = true;
    void opts.onExceeded(rss).finally(() => {
      handling = false;
    });
  }, opts.intervalMs);
  timer.unref(); // only ever runs alongside a busy (ref'd) worker; never keeps the process alive by itself
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
