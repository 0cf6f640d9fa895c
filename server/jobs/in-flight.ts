// Work a process does in the background without the jobs table: a mail sent after the page was
// answered, a storage sample written after its probe, an admin verify run. Each is tracked here so
// that close() waits for it instead of closing the database under it (see docs/architecture.md,
// "Background work").
export class InFlight {
  private readonly pending = new Set<Promise<void>>();

  /** Keeps `work` until it settles and returns it unchanged: the caller still handles its outcome. */
  track<T>(work: Promise<T>): Promise<T> {
    const forget = (): void => void this.pending.delete(settled);
    const settled: Promise<void> = work.then(forget, forget);
    this.pending.add(settled);
    return work;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once everything tracked (including work tracked meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
