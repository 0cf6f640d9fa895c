// Fault injection, part of the library: a switch per mount path, shared with that path's worker
// thread through a SharedArrayBuffer, so a fault acts inside the worker exactly where a sick
// mount would (a hang blocks the worker's own thread, a failure surfaces as a real errno error).
// The main thread can flip it at any time, even while the worker is blocked in a "hang".

export type FaultMode = 'hang' | 'fail' | 'full' | 'corrupt-reads';
export type FaultErrno = 'ENOTCONN' | 'EIO' | 'ESTALE' | 'EROFS';

const FLAGS = 0; // bitmask of active modes
const ERRNO = 1; // index into ERRNOS
const SLOW_MS = 2; // added latency per call
const WAKE = 3; // bumped on every change so a hung worker re-checks

const BIT: Record<FaultMode, number> = { hang: 1, fail: 2, full: 4, 'corrupt-reads': 8 };
const ERRNOS: FaultErrno[] = ['ENOTCONN', 'EIO', 'ESTALE', 'EROFS'];
const ERRNO_NUMBERS: Record<FaultErrno, number> = { ENOTCONN: -107, EIO: -5, ESTALE: -116, EROFS: -30 };

/** Main-thread handle. Pass it to createStorage({ faults }) for the path it controls. */
export class FaultSwitch {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(4 * 4);
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

/** Worker-side view of a switch: called by the worker before and after each file call. */
export class FaultPoint {
  private readonly cells: Int32Array;
  constructor(buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }

  /** Blocks while hung, sleeps if slow, throws if failing. `write` calls also see ENOSPC. */
  before(kind: 'read' | 'write'): void {
    for (;;) {
      const seen = Atomics.load(this.cells, WAKE);
      if ((Atomics.load(this.cells, FLAGS) & BIT.hang) === 0) break;
      Atomics.wait(this.cells, WAKE, seen);
    }
    const slowMs = Atomics.load(this.cells, SLOW_MS);
    if (slowMs > 0) Atomics.wait(this.cells, WAKE, Atomics.load(this.cells, WAKE), slowMs);
    const flags = Atomics.load(this.cells, FLAGS);
    if (flags & BIT.fail) {
      const name = ERRNOS[Atomics.load(this.cells, ERRNO)] ?? 'EIO';
      throw errnoError(name, ERRNO_NUMBERS[name]);
    }
    if (kind === 'write' && flags & BIT.full) throw errnoError('ENOSPC', -28);
  }
  freeBytes(real: number): number {
    return Atomics.load(this.cells, FLAGS) & BIT.full ? 0 : real;
  }
  afterRead(bytes: Buffer): Buffer {
    if ((Atomics.load(this.cells, FLAGS) & BIT['corrupt-reads']) === 0 || bytes.length === 0) return bytes;
    const copy = Buffer.from(bytes);
    copy[copy.length >> 1] = (copy[copy.length >> 1] ?? 0) ^ 0xff;
    return copy;
  }
}

function errnoError(code: string, errno: number): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code} (injected fault)`);
  error.code = code;
  error.errno = errno;
  return error;
}
