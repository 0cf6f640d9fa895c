// Main-thread handle on one worker thread. Calls are sent one at a time (the others wait in a
// queue here), so each call's deadline measures the mount, not the queue. When a call misses its
// deadline the owner abandons the worker: it is unref'd and never awaited; if its stuck call ever
// returns, the thread is terminated then.
import { Worker } from 'node:worker_threads';
import type { PathRequest, PathResponse, WireError, WorkerInit, WorkerReply } from './protocol.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class DeadlineMissed extends Error {
  readonly code = 'EDEADLINE';
  constructor(op: string, ms: number) {
    super(`${op} missed its ${ms} ms deadline`);
  }
}

export class WorkerCallFailed extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
  get code(): string {
    return this.wire.code;
  }
}

interface Job {
  request: PathRequest;
  deadlineMs: number;
  resolve: (value: PathResponse) => void;
  reject: (error: Error) => void;
}

export class PathWorker {
  private readonly worker: Worker;
  private readonly queue: Job[] = [];
  private current: { id: number; job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;
  private dead: Error | null = null;
  abandoned = false;

  constructor(
    init: WorkerInit,
    private readonly onLateReturn: () => void = () => {},
  ) {
    this.worker = new Worker(WORKER_URL, { workerData: init });
    this.worker.unref(); // a path worker never keeps the process alive
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`storage worker exited (${code})`)));
  }

  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  call(request: PathRequest, deadlineMs: number): Promise<PathResponse> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.queue.push({ request, deadlineMs, resolve, reject });
      this.pump();
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
    if (!this.current) void this.worker.terminate();
  }

  /** Ends an idle worker; a busy (possibly hung) one is abandoned instead, never awaited. */
  close(): Promise<void> {
    if (this.current) {
      this.abandon(new Error('storage closed'));
      return Promise.resolve();
    }
    this.abandoned = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('storage closed'));
    return this.worker.terminate().then(() => undefined);
  }

  private pump(): void {
    if (this.current || this.abandoned) return;
    const job = this.queue.shift();
    if (!job) return;
    const id = this.nextId++;
    const timer = setTimeout(() => {
      if (this.current?.id !== id) return;
      job.reject(new DeadlineMissed(job.request.op, job.deadlineMs));
      // the owner decides to abandon; until then nothing else is sent to a stuck thread
    }, job.deadlineMs);
    this.current = { id, job, timer };
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
    if (reply.ok) current.job.resolve(reply.value);
    else current.job.reject(new WorkerCallFailed(reply.error));
    this.pump();
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
  }
}
