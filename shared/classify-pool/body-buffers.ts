// Buffers for the large request bodies a classification worker reads (POST /classify/preview): the
// worker hands each body's buffer back with its answer, and the next body is read into it, so a
// 1 MiB body does not map and fault in a fresh 1 MiB of memory on the API's thread (and leave the
// worker's GC to unmap one) on every request: ~125 µs of the API thread's CPU against ~31 µs per
// MiB read into a buffer already mapped (docs/benchmarks.md, round 9).
// A buffer lent out is larger than its body (its size rounded up, so that bodies of about the same
// size fit the same buffer): only the body's own bytes, [0, length), are ever read; the rest may
// hold an earlier body's bytes or uninitialised memory (Buffer.allocUnsafeSlow), as a fresh
// unsafe buffer does.

/** Sizes are rounded up to this, so that the next body of about the same size fits. */
const GRAIN = 64 * 1024;
/** Buffers kept between requests, at most: one per request in flight at a time is the common case. */
const KEPT = 2;
/** A buffer larger than this is not kept (a body near a raised `limits.body_bytes`): so at most KEPT × this idle memory. */
export const KEPT_MAX_BYTES = 8 * 1024 * 1024;

export interface BodyBuffers {
  /** A Buffer of `length` bytes at offset 0 of an ArrayBuffer lent by this object (one handed back when one fits). */
  take(length: number): Buffer;
  /** Whether `buffer` was lent by take() and not handed back since: such a buffer may be transferred to a worker. */
  lent(buffer: ArrayBufferLike): buffer is ArrayBuffer;
  /**
   * A buffer lent by take() comes back, its reader done with it: it is kept for a later take(). A
   * buffer back from a worker is a new object (transfer does not keep identity): the caller (the
   * pool) vouches that it is the one it lent out.
   */
  give(buffer: ArrayBuffer): void;
  /** The buffers kept now, for tests. */
  readonly kept: number;
}

export function createBodyBuffers(): BodyBuffers {
  const free: ArrayBuffer[] = [];
  const out = new WeakSet<ArrayBuffer>();
  return {
    take(length) {
      // The smallest kept buffer that fits.
      let best = -1;
      for (let i = 0; i < free.length; i++) if (free[i]!.byteLength >= length && (best < 0 || free[i]!.byteLength < free[best]!.byteLength)) best = i;
      const buffer = best >= 0 ? free.splice(best, 1)[0]! : (Buffer.allocUnsafeSlow(Math.max(GRAIN, Math.ceil(length / GRAIN) * GRAIN)).buffer as ArrayBuffer);
      out.add(buffer);
      return Buffer.from(buffer, 0, length);
    },
    lent: (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer && out.has(buffer),
    give(buffer) {
      if (buffer.byteLength === 0 || buffer.byteLength > KEPT_MAX_BYTES) return; // detached, or too large to keep
      free.push(buffer);
      if (free.length > KEPT) free.shift();
    },
    get kept() {
      return free.length;
    },
  };
}
