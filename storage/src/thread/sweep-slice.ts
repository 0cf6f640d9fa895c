// The temp-file sweep, worker side. A process killed between a put's open and its rename (or in
// a probe) leaves a dot-file behind: invisible to list() and get(), but it takes space forever.
// This walks a volume and unlinks such files once they are older than the caller's age limit.
// Runs ONLY in a path's worker thread, synchronously, like every file call (see file-ops.ts).
// It does one bounded slice of the walk per call and returns a cursor, so each call stays well
// inside the path's deadline and a sweep of a big volume never holds the worker for long.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { isScratchName } from '../scratch-files.js';

export interface SweepSlice {
  removed: number;
  /** Scratch files seen but younger than the limit (a live writer's, or a crash's too recent to judge). */
  young: number;
  /** Directories still to walk (relative to the root); null when the walk is complete. */
  cursor: string[] | null;
}

/**
 * Walks from `cursor` (null = start at the root) for about `budgetMs`, removing scratch files whose
 * mtime is at least `olderThanMs` old. Never follows a symlink, never descends a dot-directory
 * (e.g. an NFS `.snapshot`), never touches a file whose name is not one of ours (a temp file, or
 * a canary named with this storage's `probePrefix`).
 */
export function sweepSlice(root: string, olderThanMs: number, budgetMs: number, cursor: string[] | null, probePrefix: string): SweepSlice {
  const started = performance.now();
  const pending = cursor ? [...cursor] : [''];
  let removed = 0;
  let young = 0;
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    const dir = relative === '' ? root : join(root, relative);
    let entries: fs.Dirent[];
    try {
      if (relative !== '' && !fs.lstatSync(dir).isDirectory()) continue; // replaced meanwhile (e.g. by a symlink)
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // a subdirectory removed or unreadable meanwhile is skipped; trouble at the root is the mount's
      if (relative !== '' && isSkippable(error)) continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) {
        if (!entry.isFile() || !isScratchName(entry.name, probePrefix)) continue; // a symlink reports isFile() false
        const file = join(dir, entry.name);
        const outcome = removeIfOld(file, olderThanMs);
        if (outcome === 'removed') removed++;
        else if (outcome === 'young') young++;
      } else if (entry.isDirectory()) {
        pending.push(relative === '' ? entry.name : join(relative, entry.name));
      }
    }
    if (performance.now() - started >= budgetMs && pending.length > 0) return { removed, young, cursor: pending };
  }
  return { removed, young, cursor: null };
}

function removeIfOld(file: string, olderThanMs: number): 'removed' | 'young' | 'gone' {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if (isSkippable(error)) return 'gone';
    throw error;
  }
  if (!stat.isFile()) return 'gone';
  if (Date.now() - stat.mtimeMs < olderThanMs) return 'young';
  try {
    fs.unlinkSync(file); // unlink never follows a symlink
  } catch (error) {
    if (isSkippable(error)) return 'gone'; // another node's sweep was first
    throw error;
  }
  return 'removed';
}

function isSkippable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM';
}
