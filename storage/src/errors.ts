// Typed storage errors. Every error the library raises extends StorageError (a host tells storage
// failures apart with `instanceof StorageError`), and each carries a stable `code` for metrics and
// logs. Errors that never leave the library (a path's, a volume's, a worker call's) extend it too.

export abstract class StorageError extends Error {
  abstract readonly code: string;
}

/** createStorage's options (or a fault spec, or a sweep's age limit) are not usable; names every problem. */
export class StorageConfigError extends StorageError {
  readonly code = 'STORAGE_CONFIG';
  constructor(readonly problems: string[]) {
    super(`storage configuration: ${problems.join('; ')}`);
    this.name = 'StorageConfigError';
  }
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
  constructor(
    readonly key: string,
    readonly detail: { missing: string[]; corrupt: string[] } = { missing: [], corrupt: [] },
  ) {
    super(`no good copy of ${key}`);
    this.name = 'NotFoundInStorage';
  }
}

/** The key could escape a volume's root or is not a well-formed storage key. */
export class InvalidKey extends StorageError {
  readonly code = 'STORAGE_INVALID_KEY';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
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
