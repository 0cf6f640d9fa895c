// "A job was enqueued by this process": the producer (the registration service) rings, the
// runner skips its poll wait. Built before both, so the producer need not know the runner, which
// is built later from the services its handlers call.
export class WakeUp {
  private readonly listeners = new Set<() => void>();

  ring(): void {
    for (const listener of this.listeners) listener();
  }

  listen(listener: () => void): void {
    this.listeners.add(listener);
  }
}
