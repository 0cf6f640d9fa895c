// Fault control from outside the process: a small JSON file (on local disk, never on a mount)
// polled by a running app, so a drill or an integration test can make a path hang or fail in a
// live server. Shape: { "<mount path>": "hang" | "fail" | "fail:EIO" | "full" | "corrupt-reads" | "slow:300" | ["fail", "slow:50"] }.
// A path missing from the file has no fault. Only enabled when the host passes faultControlFile.
import { readFile } from 'node:fs/promises';
import { StorageConfigError } from './errors.js';
import type { FaultErrno, FaultSwitch } from './faults.js';

export function applyFaultSpec(fault: FaultSwitch, spec: unknown): void {
  fault.clear();
  const items = Array.isArray(spec) ? spec : spec === undefined || spec === null ? [] : [spec];
  for (const item of items) {
    const [mode, arg] = String(item).split(':');
    if (mode === 'hang') fault.hang();
    else if (mode === 'fail') fault.fail((arg as FaultErrno | undefined) ?? 'ENOTCONN');
    else if (mode === 'full') fault.fill();
    else if (mode === 'corrupt-reads') fault.corruptReads();
    else if (mode === 'slow') fault.slow(Number(arg ?? 100));
    else if (mode !== 'clear') throw new StorageConfigError([`unknown fault ${String(item)}`]);
  }
}

/** Polls the file and applies it to the switches; returns a stop function. */
export function watchFaultFile(
  file: string,
  switches: Map<string, FaultSwitch>,
  onError: (error: Error) => void,
  intervalMs = 250,
): () => void {
  let last = '';
  const tick = async (): Promise<void> => {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? '{}' : Promise.reject(error),
    );
    if (text === last) return;
    last = text;
    const spec = JSON.parse(text || '{}') as Record<string, unknown>;
    for (const [path, fault] of switches) applyFaultSpec(fault, spec[path]);
  };
  const timer = setInterval(() => void tick().catch(onError), intervalMs);
  timer.unref();
  void tick().catch(onError);
  return () => clearInterval(timer);
}
