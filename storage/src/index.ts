// Public surface of the storage library (@rollcall/storage): the only module a host imports.
// Layout: thread/ runs only inside a path's worker thread (worker.ts is its entry); protocol,
// keys, errors, scratch-files and fault-cells are shared by both sides of the thread hop;
// everything else runs on the main thread. Tests add @rollcall/storage/testing (testing/).
export { createStorage, type ReplicatedStorage } from './storage.js';
export type { StorageOptions } from './options.js';
export { StorageError, StorageUnavailable, NotFoundInStorage, InvalidKey, StorageConfigError } from './errors.js';
export { FaultSwitch, type FaultMode, type FaultErrno } from './faults.js';
export { applyFaultSpec } from './fault-control.js';
export { keySegments, assertValidKey, MAX_KEY_LENGTH } from './keys.js';
export { sha256 } from './copies.js';
export { VOLUME_NAME_PATTERN, VOLUME_NAME_RULE, isVolumeName } from './volume-name.js';
export { TEMP_PREFIX, DEFAULT_PROBE_PREFIX } from './scratch-files.js';
export * from './types.js';
