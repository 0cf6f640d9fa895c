// Test support: an in-memory RepairQueue and KeyCatalog, temp volume roots, and waiting helpers.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyCatalog, RepairEntry, RepairQueue } from '../index.js';

export class MemoryRepairQueue implements RepairQueue {
  readonly entries: Array<RepairEntry & { id: number }> = [];
  /** Every entry ever added, done or not (a fast repair may finish before a test looks). */
  readonly added: RepairEntry[] = [];
  private nextId = 1;

  async add(entry: RepairEntry): Promise<void> {
    this.added.push(entry);
    this.entries.push({ ...entry, id: this.nextId++ });
  }
  async pending(volume: string, limit: number): Promise<Array<RepairEntry & { id: number }>> {
    return this.entries.filter((e) => e.volume === volume).slice(0, limit);
  }
  async done(id: string | number): Promise<void> {
    const index = this.entries.findIndex((e) => e.id === id);
    if (index >= 0) this.entries.splice(index, 1);
  }
  async count(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) counts[e.volume] = (counts[e.volume] ?? 0) + 1;
    return counts;
  }
  for(volume: string): Array<RepairEntry & { id: number }> {
    return this.entries.filter((e) => e.volume === volume);
  }
}

export class MemoryCatalog implements KeyCatalog {
  readonly items = new Map<string, { sha256: string; bytes: Buffer }>();
  rederived: string[] = [];
  canRederive = true;
  /** When set, rederive throws it (the host's database or renderer failing). */
  rederiveError: Error | null = null;

  remember(key: string, sha256: string, bytes: Buffer): void {
    this.items.set(key, { sha256, bytes });
  }
  async *keys(): AsyncIterable<{ key: string; sha256: string }> {
    for (const [key, item] of this.items) yield { key, sha256: item.sha256 };
  }
  async rederive(key: string): Promise<Buffer | null> {
    if (this.rederiveError) throw this.rederiveError;
    if (!this.canRederive) return null;
    this.rederived.push(key);
    return this.items.get(key)?.bytes ?? null;
  }
}

/** A fresh temp directory with the named subdirectories; `cleanup` removes it all. */
export function tempRoots(...names: string[]): { base: string; roots: Record<string, string>; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'rollcall-storage-'));
  const roots: Record<string, string> = {};
  for (const name of names) {
    roots[name] = join(base, name);
    mkdirSync(roots[name] as string);
  }
  return { base, roots, cleanup: () => rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function pdfLike(seed: number, size = 60 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('%PDF-1.7\n');
  for (let i = 9; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

/** Short timings so tests stay fast; probes and sweeps are driven explicitly (probeNow, sweepNow). */
export const FAST = {
  callDeadlineMs: 1000, // short, yet robust on a loaded 2-core CI machine
  probeIntervalMs: 0,
  repairIntervalMs: 0,
  sweepIntervalMs: 0,
  slowThresholdMs: 200,
  minFreeBytes: 0,
} as const;
