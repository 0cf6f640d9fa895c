// Main-thread handle on one worker thread. Calls are sent one at a time (the others wait in a
// queue here), so each call's deadline measures the mount, not the queue. When a call misses its
// deadline the owner abandons the worker: it is unref'd and never awaited; if its stuck call ever
// returns, the thread is terminated then.
import { Worker } from 'node:worker_threads';
import { StorageError } from './errors.js';
import type { PathRequest, PathResponse, WireError, WorkerInit, WorkerReply } from './protocol.js';

const WORKER_URL = new URL('./thread/worker.js', import.meta.url);
const STARTUP_LIMIT_MS = 15_000;

/** Internal: a call on the worker took longer than its deadline (the owner marks the path hung). */
export class DeadlineMissed extends StorageError {
  readonly code = 'EDEADLINE';
  constructor(op: string, ms: number) {
    super(`${op} missed its ${ms} ms deadline`);
    this.name = 'DeadlineMissed';
  }
}

/** Internal: the worker thread is gone or going (closed, never started, exited); its calls fail with this. */
export class WorkerStopped extends StorageError {
  readonly code = 'STORAGE_WORKER_STOPPED';
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStopped';
  }
}

/** Internal: the worker's file call failed; `code` is the errno (or library code) it reported. */
export class WorkerCallFailed extends StorageError {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'WorkerCallFailed';
  }
  get code(): string {
    return this.wire.code;
  }
}

/** A reply and the time the call took on the worker side of the hop (no start-up, no queue). */
export interface Timed {
  value: PathResponse;
  ms: number;
}

interface Job {
  request: PathRequest;
  deadlineMs: number;
  resolve: (value: Timed) => void;
  reject: (error: Error) => void;
}

export class PathWorker {
  private readonly worker: Worker;
  private readonly queue: Job[] = [];
  private current: { id: number; job: Job; timer: NodeJS.Timeout; sentAt: number } | null = null;
  private nextId = 1;
  private dead: Error | null = null;
  private online = false;
  abandoned = false;

  constructor(
    init: WorkerInit,
    private readonly onLateReturn: () => void = () => {},
  ) {
    this.worker = new Worker(WORKER_URL, { workerData: init });
    // a call's deadline starts once the thread runs: start-up (~100 ms, more on a busy machine)
    // touches no mount and must not count as a hang; it has its own generous bound
    const startup = setTimeout(() => this.die(new WorkerStopped('storage worker did not start')), STARTUP_LIMIT_MS);
    startup.unref();
    this.worker.once('online', () => {
      clearTimeout(startup);
      this.online = true;
      this.pump();
    });
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new WorkerStopped(`storage worker exited (${code})`)));
    // after the listeners (adding a 'message' listener re-refs the port)
    this.holdProcess();
  }

  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  call(request: PathRequest, deadlineMs: number): Promise<Timed> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.queue.push({ request, deadlineMs, resolve, reject });
      this.pump();
      this.holdProcess();
    });
  }

  /** Stop using this worker: fail everything queued, never wait for the call in flight. */
  abandon(reason: Error): void {
    if (this.abandoned) return;
    this.abandoned = true;
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(reason);
    }
    for (const job of this.queue.splice(0)) job.reject(reason);
    this.holdProcess();
    if (!this.current) void this.worker.terminate();
  }

  /** Keeps the process alive only while calls are pending; an idle or abandoned worker never does. */
  private holdProcess(): void {
    if (this.busy && !this.abandoned && !this.dead) this.worker.ref();
    else this.worker.unref();
  }

  /** Ends an idle worker; a busy (possibly hung) one is abandoned instead, never awaited. */
  close(): Promise<void> {
    if (this.current) {
      this.abandon(new WorkerStopped('storage closed'));
      return Promise.resolve();
    }
    this.abandoned = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerStopped('storage closed'));
    return this.worker.terminate().then(() => undefined);
  }

  private pump(): void {
    if (this.current || this.abandoned || !this.online) return;
    const job = this.queue.shift();
    if (!job) return;
    const id = this.nextId++;
    const timer = setTimeout(() => {
      if (this.current?.id !== id) return;
      job.reject(new DeadlineMissed(job.request.op, job.deadlineMs));
      // the owner decides to abandon; until then nothing else is sent to a stuck thread
    }, job.deadlineMs);
    this.current = { id, job, timer, sentAt: performance.now() };
    this.worker.postMessage({ id, request: job.request });
  }

  private onReply(reply: WorkerReply): void {
    const current = this.current;
    if (!current || current.id !== reply.id) return;
    this.current = null;
    clearTimeout(current.timer);
    if (this.abandoned) {
      // the stuck call came back: the mount answers again; free the thread
      void this.worker.terminate();
      this.onLateReturn();
      return;
    }
    if (reply.ok) current.job.resolve({ value: reply.value, ms: performance.now() - current.sentAt });
    else current.job.reject(new WorkerCallFailed(reply.error));
    this.pump();
    this.holdProcess();
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    if (this.current) {
      clearTimeout(this.current.timer);
      if (!this.abandoned) this.current.job.reject(error);
      else this.onLateReturn();
      this.current = null;
    }
    for (const job of this.queue.splice(0)) job.reject(error);
    this.holdProcess();
  }
}
