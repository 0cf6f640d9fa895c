// Messages between the main thread and a path worker. Plain data only (structured clone).

export type PathRequest =
  | { op: 'put'; key: string; bytes: Uint8Array }
  | { op: 'get'; key: string }
  | { op: 'exists'; key: string }
  | { op: 'delete'; key: string }
  | { op: 'list'; prefix: string }
  | { op: 'probe' }
  /** One slice of the temp-file sweep (see thread/sweep-slice.ts); `cursor` continues the previous slice. */
  | { op: 'sweep'; olderThanMs: number; budgetMs: number; cursor: string[] | null };

export interface ProbeResult {
  freeBytes: number;
}

export type PathResponse =
  | { op: 'put'; ok: true }
  | { op: 'get'; found: false }
  | { op: 'get'; found: true; bytes: Uint8Array }
  | { op: 'exists'; found: boolean }
  | { op: 'delete'; removed: boolean }
  | { op: 'list'; keys: string[] }
  | ({ op: 'probe' } & ProbeResult)
  | { op: 'sweep'; removed: number; young: number; cursor: string[] | null };

export type ResultOf<Op extends PathRequest['op']> = Extract<PathResponse, { op: Op }>;

export interface WireError {
  code: string;
  message: string;
}

export type WorkerReply = { id: number; ok: true; value: PathResponse } | { id: number; ok: false; error: WireError };

export interface WorkerInit {
  root: string;
  /** Name prefix of the probe's canary files (the probeFilePrefix option). */
  probePrefix: string;
  faultBuffer: SharedArrayBuffer | null;
}
