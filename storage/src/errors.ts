// Typed storage errors. Each carries a stable `code` so the server can map it to HTTP and metrics
// without string-matching messages.

export abstract class StorageError extends Error {
  abstract readonly code: string;
}

/** Fewer volumes than the write quorum took a write, or no volume could answer a read. */
export class StorageUnavailable extends StorageError {
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(
    message: string,
    readonly detail: { acknowledged?: string[]; missed?: string[]; reasons?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'StorageUnavailable';
  }
}

/** Every reachable volume answered, and none holds a copy with the expected checksum. */
export class NotFoundInStorage extends StorageError {
  readonly code = 'STORAGE_NOT_FOUND';
  constructor(readonly key: string, readonly detail: { missing: string[]; corrupt: string[] } = { missing: [], corrupt: [] }) {
    super(`no good copy of ${key}`);
    this.name = 'NotFoundInStorage';
  }
}

/** The key could escape a volume's root or is not a well-formed storage key. */
export class InvalidKey extends StorageError {
  readonly code = 'STORAGE_INVALID_KEY';
  constructor(readonly key: string, readonly reason: string) {
    super(`invalid storage key (${reason})`);
    this.name = 'InvalidKey';
  }
}

/** Internal: one path could not serve a call (deadline, dead client, I/O error, no space). */
export class PathUnavailable extends StorageError {
  readonly code = 'STORAGE_PATH_UNAVAILABLE';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'PathUnavailable';
  }
}
