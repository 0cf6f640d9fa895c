// Fault injection, part of the library: a switch per mount path, shared with that path's worker
// thread through a SharedArrayBuffer, so a fault acts inside the worker exactly where a sick
// mount would (a hang blocks the worker's own thread, a failure surfaces as a real errno error).
// The main thread can flip it at any time, even while the worker is blocked in a "hang". This is
// the main-thread side; the worker's side is thread/fault-point.ts, the shared layout fault-cells.ts.
import { BIT, CELLS, ERRNO, ERRNOS, FLAGS, SLOW_MS, WAKE, type FaultErrno, type FaultMode } from './fault-cells.js';

export type { FaultErrno, FaultMode } from './fault-cells.js';

/** Main-thread handle. Pass it to createStorage({ faults }) for the path it controls. */
export class FaultSwitch {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(CELLS * 4);
    this.cells = new Int32Array(this.buffer);
  }

  /** Every call on the path blocks (like a dead NFS/Gluster server) until `release()`/`clear()`. */
  hang(): this {
    return this.set(BIT.hang, true);
  }
  release(): this {
    return this.set(BIT.hang, false);
  }
  /** Every call fails with this errno (ENOTCONN = FUSE client died; EIO = brick error). */
  fail(errno: FaultErrno = 'ENOTCONN'): this {
    Atomics.store(this.cells, ERRNO, ERRNOS.indexOf(errno));
    return this.set(BIT.fail, true);
  }
  /** Writes fail with ENOSPC and free space reads as 0. */
  fill(): this {
    return this.set(BIT.full, true);
  }
  /** Reads return the file with one byte flipped. */
  corruptReads(): this {
    return this.set(BIT['corrupt-reads'], true);
  }
  /** Adds latency to every call (0 removes it). */
  slow(ms: number): this {
    Atomics.store(this.cells, SLOW_MS, Math.max(0, Math.floor(ms)));
    return this.wake();
  }
  clear(): this {
    Atomics.store(this.cells, FLAGS, 0);
    Atomics.store(this.cells, SLOW_MS, 0);
    return this.wake();
  }
  set(bit: number, on: boolean): this {
    if (on) Atomics.or(this.cells, FLAGS, bit);
    else Atomics.and(this.cells, FLAGS, ~bit);
    return this.wake();
  }
  active(): FaultMode[] {
    const flags = Atomics.load(this.cells, FLAGS);
    return (Object.keys(BIT) as FaultMode[]).filter((m) => (flags & BIT[m]) !== 0);
  }
  private wake(): this {
    Atomics.add(this.cells, WAKE, 1);
    Atomics.notify(this.cells, WAKE);
    return this;
  }
}
