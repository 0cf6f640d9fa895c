// The storage contract (see docs/architecture.md, "Storage"). Everything in storage/ is written
// against these types; the server only ever sees `Storage`. Nothing here imports from server/.

/** One independent copy of the data, reachable through one or more mount paths. */
export interface VolumeConfig {
  name: string;
  paths: string[];
}

export type PathState = 'up' | 'slow' | 'failed' | 'hung' | 'full' | 'unknown';

/**
 * What a repair does: `restore` writes a good copy (the volume missed a put or holds a bad copy);
 * `delete` removes the copy a volume kept when a delete could not reach it.
 */
export type RepairKind = 'restore' | 'delete';

/** A copy a volume missed or holds badly; kept durably by the host (the server keeps them in its database). */
export interface RepairEntry {
  volume: string;
  key: string;
  kind: RepairKind;
  /** The checksum of the copy to restore ('' for a delete). */
  sha256: string;
  /** Why the entry was queued, for people (logs, the admin page); the library never reads it. */
  reason: string;
}

/** Provided by the host application so that any node can pick up repairs. */
export interface RepairQueue {
  add(entry: RepairEntry): Promise<void>;
  /** Entries waiting for a volume, oldest first. */
  pending(volume: string, limit: number): Promise<Array<RepairEntry & { id: string | number }>>;
  done(id: string | number): Promise<void>;
  count(): Promise<Record<string, number>>;
}

/** Provided by the host: which keys should exist, with their checksum, and how to rebuild one. */
export interface KeyCatalog {
  keys(): AsyncIterable<{ key: string; sha256: string }>;
  /** Re-derive the bytes of a key whose every copy is lost (the server re-renders the PDF). */
  rederive?(key: string): Promise<Buffer | null>;
}

export interface PutResult {
  sha256: string;
  acknowledged: string[];
  missed: string[];
}

export interface PathHealth {
  path: string;
  state: PathState;
  lastProbeMs: number | null;
  lastGoodProbeAt: string | null;
  freeBytes: number | null;
  error: string | null;
  /** Abandoned worker threads still blocked on this path (they return when the mount does). */
  stuckWorkers?: number;
}

export interface VolumeHealth {
  name: string;
  writable: boolean;
  paths: PathHealth[];
  /** The last temp-file sweep of this volume (null before the first one ends). */
  lastSweep?: VolumeSweep | null;
}

/** One volume's temp-file sweep: scratch files left by interrupted writes and probes. */
export interface VolumeSweep {
  at: string;
  removed: number;
  /** Scratch files younger than the age limit, left alone (a live writer's, or too recent to judge). */
  young: number;
  /** Why the sweep could not finish (no usable path, a missed deadline…); null when it did. */
  error: string | null;
}

export interface SweepReport {
  olderThanMs: number;
  removed: number;
  volumes: Record<string, VolumeSweep>;
}

export interface StorageHealth {
  writeQuorum: number;
  hasWriteQuorum: boolean;
  volumes: VolumeHealth[];
}

export interface Storage {
  put(key: string, bytes: Buffer): Promise<PutResult>;
  /** Verified read: throws NotFoundInStorage or StorageUnavailable. */
  get(key: string, sha256: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  health(): StorageHealth;
  close(): Promise<void>;
}

// ---- Additions beyond the original contract (all optional for the host) ----

export type StorageOp = 'put' | 'get' | 'exists' | 'delete' | 'list' | 'probe' | 'sweep';
export type OpOutcome = 'ok' | 'not_found' | 'corrupt' | 'failed' | 'deadline' | 'full' | 'skipped';

/** Everything the library reports; map it onto metrics and logs (see docs/storage.md). */
export type StorageEvent =
  | { type: 'path_state'; volume: string; path: string; from: PathState; to: PathState; error: string | null }
  | { type: 'op'; op: StorageOp; volume: string; path: string; outcome: OpOutcome; ms: number }
  | { type: 'repair_queued'; volume: string; key: string; reason: string }
  | { type: 'repaired'; volume: string; key: string; source: 'copy' | 'rederived' | 'delete' }
  | { type: 'repair_failed'; volume: string; key: string; error: string }
  | { type: 'swept'; volume: string; removed: number; young: number };

export type StorageListener = (event: StorageEvent) => void;

export interface StorageLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface VolumeVerifyReport {
  checked: number;
  ok: number;
  missing: number;
  corrupt: number;
  unavailable: number;
  repaired: number;
}

export interface VerifyReport {
  keys: number;
  volumes: Record<string, VolumeVerifyReport>;
  /** Keys with no good copy anywhere that were rebuilt through catalog.rederive. */
  rederived: number;
  /** Keys with no good copy anywhere and no way to rebuild them. */
  lost: string[];
  /** Copies still bad after the run (0 after a successful repair run). */
  unrepaired: number;
}
