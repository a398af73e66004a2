// Concurrent calls with the same key share one call in flight: a caller that arrives while an
// identical read is on its way gets that read's answer, which started at most one round trip
// before it arrived. Nothing is kept once the call settles (it is not a cache).

export function coalesce<A, V>(fn: (arg: A) => Promise<V>, keyOf: (arg: A) => string): (arg: A) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>();
  return (arg) => {
    const key = keyOf(arg);
    const running = inFlight.get(key);
    if (running) return running;
    const call = fn(arg).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return call;
  };
}
