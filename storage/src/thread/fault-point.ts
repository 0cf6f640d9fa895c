// The worker's side of a fault switch (faults.ts): called around each file call inside a path's
// worker thread, so an injected fault blocks or fails exactly where a sick mount would.
import { BIT, ERRNO, ERRNO_NUMBERS, ERRNOS, FLAGS, SLOW_MS, WAKE } from '../fault-cells.js';

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
