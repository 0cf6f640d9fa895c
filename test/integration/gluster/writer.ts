// A steady stream of registrations' PDFs, written the way the render_pdf job writes them: put,
// and on StorageUnavailable retry with backoff until acknowledged. Records what was acknowledged.
import { createHash } from 'node:crypto';
import type { ReplicatedStorage } from '@rollcall/storage';

export interface Ack {
  key: string;
  sha256: string;
  acknowledged: string[];
  startedAt: number;
  ackedAt: number;
}

/** Deterministic 60 KB PDF-like bytes for a key, so any copy can be re-derived (as the renderer can). */
export function bytesFor(key: string): Buffer {
  const out = Buffer.alloc(60 * 1024);
  out.write(`%PDF-1.7\n% ${key}\n`);
  let block = createHash('sha256').update(key).digest();
  for (let offset = 64; offset < out.length; offset += block.length) {
    block = createHash('sha256').update(block).digest();
    block.copy(out, offset);
  }
  return out;
}

export class SteadyWriter {
  readonly acks = new Map<string, Ack>();
  readonly inFlight = new Set<string>();
  unavailableErrors = 0;
  otherErrors: string[] = [];
  maxPutMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private n = 0;

  constructor(
    private readonly storage: ReplicatedStorage,
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.write(), 1000 / this.perSecond);
  }

  async stop(waitMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const until = Date.now() + waitMs;
    while (this.inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  ackedSince(t: number): Ack[] {
    return [...this.acks.values()].filter((a) => a.startedAt >= t);
  }

  private async write(): Promise<void> {
    const key = `pdfs/2026/11/25/reg-${process.pid}-${String(this.n++).padStart(6, '0')}.pdf`;
    const bytes = bytesFor(key);
    const startedAt = performance.now();
    this.inFlight.add(key);
    let backoff = 200;
    for (;;) {
      const t = performance.now();
      try {
        const result = await this.storage.put(key, bytes);
        this.maxPutMs = Math.max(this.maxPutMs, performance.now() - t);
        this.acks.set(key, { key, sha256: result.sha256, acknowledged: result.acknowledged, startedAt, ackedAt: performance.now() });
        break;
      } catch (error) {
        this.maxPutMs = Math.max(this.maxPutMs, performance.now() - t);
        if ((error as { code?: string }).code === 'STORAGE_UNAVAILABLE') this.unavailableErrors++;
        else this.otherErrors.push((error as Error).message);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 2000);
      }
    }
    this.inFlight.delete(key);
  }
}
