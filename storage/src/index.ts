// Public surface of the storage library.
export { createStorage, type ReplicatedStorage } from './storage.js';
export type { StorageOptions } from './options.js';
export { StorageError, StorageUnavailable, NotFoundInStorage, InvalidKey } from './errors.js';
export { FaultSwitch, type FaultMode, type FaultErrno } from './faults.js';
export { applyFaultSpec } from './faultControl.js';
export { keySegments, assertValidKey, MAX_KEY_LENGTH } from './keys.js';
export { sha256 } from './copies.js';
export { TEMP_PREFIX, PROBE_PREFIX } from './sweep.js';
export * from './types.js';
