// A tiny synchronous event hub. A listener that throws is isolated: storage must never fail
// because a metrics callback did.
import type { StorageEvent, StorageListener } from './types.js';

export class EventHub {
  private readonly listeners = new Set<StorageListener>();

  on(listener: StorageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StorageEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // ignore: observers cannot break storage
      }
    }
  }
}
