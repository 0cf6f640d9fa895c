// One mount path: its state, its worker, its probe. Every call goes through `call`, which gives
// the worker a deadline and turns what happened into a state: a missed deadline is `hung` (the
// worker is abandoned; only a probe on a fresh worker can bring the path back), a dead client or
// I/O error is `failed`, ENOSPC is `full`.
import { InvalidKey, PathUnavailable } from './errors.js';
import type { EventHub } from './events.js';
import { DeadlineMissed, PathWorker, WorkerCallFailed } from './path-worker.js';
import type { PathRequest, ResultOf } from './protocol.js';
import type { OpOutcome, PathHealth, PathState, StorageLogger } from './types.js';

export interface PathSettings {
  callDeadlineMs: number;
  probeDeadlineMs: number;
  slowThresholdMs: number;
  minFreeBytes: number;
  /** Abandoned workers still stuck on this path beyond which no new probe worker is started. */
  maxStuckWorkers: number;
  /** Name prefix of the probe's canary files. */
  probePrefix: string;
}

/** Errors that say "this path is sick", as opposed to "this key is not here". */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export class MountPath {
  state: PathState = 'unknown';
  private worker: PathWorker | null = null;
  private stuckWorkers = 0;
  private probing: Promise<void> | null = null;
  private lastProbeMs: number | null = null;
  private lastGoodProbeAt: Date | null = null;
  private freeBytes: number | null = null;
  private lastError: string | null = null;
  private closed = false;

  constructor(
    readonly volume: string,
    readonly path: string,
    private readonly timing: PathSettings,
    private readonly events: EventHub,
    private readonly logger: StorageLogger | undefined,
    private readonly faultBuffer: SharedArrayBuffer | null,
  ) {}

  /** Usable for calls: not hung, not failed (a full path still serves reads). */
  get usable(): boolean {
    return this.state === 'up' || this.state === 'slow' || this.state === 'unknown' || this.state === 'full';
  }

  get writable(): boolean {
    return this.usable && this.state !== 'full';
  }

  health(): PathHealth & { stuckWorkers: number } {
    return {
      path: this.path,
      state: this.state,
      lastProbeMs: this.lastProbeMs,
      lastGoodProbeAt: this.lastGoodProbeAt?.toISOString() ?? null,
      freeBytes: this.freeBytes,
      error: this.lastError,
      stuckWorkers: this.stuckWorkers,
    };
  }

  async call<R extends Exclude<PathRequest, { op: 'probe' }>>(request: R): Promise<ResultOf<R['op']>> {
    if (!this.usable) throw new PathUnavailable(this.path, this.state);
    const started = performance.now();
    try {
      const { value, ms } = await this.workerForCalls().call(request, this.timing.callDeadlineMs);
      this.emitOp(request.op, ms, value.op === 'get' && !value.found ? 'not_found' : 'ok');
      return value as ResultOf<R['op']>;
    } catch (error) {
      throw this.classify(error, request.op, started, 'key' in request ? request.key : 'prefix' in request ? request.prefix : '');
    }
  }

  /** Canary write/fsync/read/delete + statfs. A hung or failed path is probed on a fresh worker. */
  probe(): Promise<void> {
    if (this.probing) return this.probing;
    if (!this.worker && this.stuckWorkers >= this.timing.maxStuckWorkers) return Promise.resolve(); // wait for a stuck one to return
    this.probing = this.runProbe().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async runProbe(): Promise<void> {
    const started = performance.now();
    try {
      const worker = this.worker ?? this.spawn();
      const { value, ms } = await worker.call({ op: 'probe' }, this.timing.probeDeadlineMs);
      const result = value as ResultOf<'probe'>;
      this.lastProbeMs = Math.round(ms * 10) / 10;
      this.lastGoodProbeAt = new Date();
      this.freeBytes = result.freeBytes;
      this.lastError = null;
      const next: PathState = result.freeBytes < this.timing.minFreeBytes ? 'full' : ms > this.timing.slowThresholdMs ? 'slow' : 'up';
      this.emitOp('probe', ms, next === 'full' ? 'full' : 'ok');
      this.setState(next, next === 'full' ? `free ${result.freeBytes} B < ${this.timing.minFreeBytes} B` : null);
    } catch (error) {
      this.lastProbeMs = Math.round((performance.now() - started) * 10) / 10;
      this.classify(error, 'probe', started, '');
    }
  }

  /** Stops idle workers; a worker stuck in a call is left behind, never awaited. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.close();
  }

  private workerForCalls(): PathWorker {
    // after a hang the path is not usable, so calls only reach here once a probe succeeded
    return this.worker ?? this.spawn();
  }

  private spawn(): PathWorker {
    const worker = new PathWorker({ root: this.path, probePrefix: this.timing.probePrefix, faultBuffer: this.faultBuffer }, () => {
      this.stuckWorkers = Math.max(0, this.stuckWorkers - 1);
      this.logger?.info({ volume: this.volume, path: this.path }, 'storage: a stuck call on an abandoned worker returned');
    });
    this.worker = worker;
    return worker;
  }

  private classify(error: unknown, op: PathRequest['op'], started: number, key: string): Error {
    if (error instanceof DeadlineMissed) {
      const worker = this.worker;
      if (worker && !worker.abandoned) {
        worker.abandon(new PathUnavailable(this.path, 'hung'));
        this.stuckWorkers++;
      }
      this.worker = null;
      this.record(op, started, 'deadline');
      this.setState('hung', error.message);
      return new PathUnavailable(this.path, 'hung');
    }
    const code = error instanceof WorkerCallFailed ? error.code : ((error as NodeJS.ErrnoException).code ?? 'EUNKNOWN');
    const message = (error as Error).message;
    if (code === 'STORAGE_INVALID_KEY' || code === 'ESYMLINK') {
      this.record(op, started, 'failed');
      return new InvalidKey(key, code === 'ESYMLINK' ? 'symlink' : message);
    }
    if (FULL_CODES.has(code)) {
      this.record(op, started, 'full');
      this.setState('full', `${code}: ${message}`);
      return new PathUnavailable(this.path, 'full');
    }
    if (error instanceof PathUnavailable) {
      this.record(op, started, 'failed');
      return error;
    }
    // ENOTCONN (FUSE client died), EIO, ESTALE, EROFS, EACCES, a missing root, a crashed worker…
    this.record(op, started, 'failed');
    this.setState('failed', `${code}: ${message}`);
    if (!(error instanceof WorkerCallFailed)) {
      this.worker?.abandon(new PathUnavailable(this.path, 'worker died'));
      this.worker = null;
    }
    return new PathUnavailable(this.path, `failed (${code})`);
  }

  private record(op: PathRequest['op'], started: number, outcome: OpOutcome): void {
    this.emitOp(op, performance.now() - started, outcome);
  }

  private emitOp(op: PathRequest['op'], ms: number, outcome: OpOutcome): void {
    this.events.emit({ type: 'op', op, volume: this.volume, path: this.path, outcome, ms });
  }

  private setState(next: PathState, error: string | null): void {
    if (this.closed) return; // calls cut short by close() say nothing about the mount
    this.lastError = error;
    if (next === this.state) return;
    const from = this.state;
    this.state = next;
    this.events.emit({ type: 'path_state', volume: this.volume, path: this.path, from, to: next, error });
    const log = { volume: this.volume, path: this.path, from, to: next, error };
    if (next === 'up') this.logger?.info(log, 'storage path state changed');
    else if (next === 'slow' || next === 'full') this.logger?.warn(log, 'storage path state changed');
    else this.logger?.error(log, 'storage path state changed');
  }
}
