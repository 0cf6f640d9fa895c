// @rollcall/storage/testing: what a host's tests legitimately need, and nothing of the internals.
// The contract suite (run against local, fault-injected and real Gluster volumes), a rig of
// fault-switched temp volumes, and in-memory stand-ins for the host's repair queue and catalog.
// Imports node:test, so only test code may import this entry point.
export { storageContract, BAD_KEYS, type ContractHarness } from './contract.js';
export { rig, state, type Rig } from './harness.js';
export { MemoryRepairQueue, MemoryCatalog, tempRoots, waitFor, pdfLike, FAST } from './support.js';
