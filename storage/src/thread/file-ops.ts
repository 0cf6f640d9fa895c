// The file calls themselves. They run ONLY inside a path's worker thread and are synchronous on
// purpose: a sync call blocks the worker's own thread, whereas fs/promises would queue on libuv's
// process-wide pool of 4 threads, where four calls to a hung mount would freeze the whole app.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StorageError } from '../errors.js';
import { keySegments, prefixSegments } from '../keys.js';
import type { PathRequest, PathResponse } from '../protocol.js';
import { TEMP_PREFIX } from '../scratch-files.js';
import { sweepSlice } from './sweep-slice.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = fs.constants;

/** A symlink inside a volume; crosses to the main thread as its code, where it becomes InvalidKey. */
export class SymlinkRefused extends StorageError {
  readonly code = 'ESYMLINK';
  constructor(where: string) {
    super(`refusing to follow a symlink inside the volume (${where})`);
    this.name = 'SymlinkRefused';
  }
}

/** Where a worker's calls go: its mount path, and the name prefix of its probe's canary files. */
export interface PathRoot {
  root: string;
  probePrefix: string;
}

export function runRequest({ root, probePrefix }: PathRoot, request: PathRequest): PathResponse {
  switch (request.op) {
    case 'put':
      putAtomic(root, request.key, request.bytes);
      return { op: 'put', ok: true };
    case 'get': {
      const bytes = readKey(root, request.key);
      return bytes ? { op: 'get', found: true, bytes } : { op: 'get', found: false };
    }
    case 'exists':
      return { op: 'exists', found: keyExists(root, request.key) };
    case 'delete':
      return { op: 'delete', removed: removeKey(root, request.key) };
    case 'list':
      return { op: 'list', keys: listKeys(root, request.prefix) };
    case 'probe':
      return { op: 'probe', freeBytes: probe(root, probePrefix) };
    case 'sweep':
      return { op: 'sweep', ...sweepSlice(root, request.olderThanMs, request.budgetMs, request.cursor, probePrefix) };
  }
}

/** temp file, write, fsync, rename, fsync directory (and fsync the parents of new directories). */
function putAtomic(root: string, key: string, bytes: Uint8Array): void {
  const segments = keySegments(key);
  const name = segments[segments.length - 1] as string;
  const { dir, created } = ensureDirectories(root, segments.slice(0, -1));
  const temp = join(dir, `${TEMP_PREFIX}${name}-${randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    unlinkQuietly(temp);
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, join(dir, name)); // rename replaces a symlink itself, never its target
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
  fsyncDirectory(dir);
  for (const parent of created) fsyncDirectory(parent);
}

/** Walks (and creates) the key's directories one by one, refusing any symlink on the way. */
function ensureDirectories(root: string, dirs: string[]): { dir: string; created: string[] } {
  let current = root;
  const created: string[] = [];
  for (const segment of dirs) {
    const next = join(current, segment);
    try {
      fs.mkdirSync(next, 0o755);
      created.push(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = fs.lstatSync(next);
    if (stat.isSymbolicLink()) throw new SymlinkRefused(segment);
    if (!stat.isDirectory()) throw Object.assign(new Error(`${segment} is not a directory`), { code: 'ENOTDIR' });
    current = next;
  }
  return { dir: current, created };
}

/** Resolves an existing key's directory without creating anything; null when a part is missing. */
function existingDirectory(root: string, dirs: string[]): string | null {
  let current = root;
  for (const segment of dirs) {
    current = join(current, segment);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (stat.isSymbolicLink()) throw new SymlinkRefused(segment);
    if (!stat.isDirectory()) return null;
  }
  return current;
}

function readKey(root: string, key: string): Buffer | null {
  const segments = keySegments(key);
  const dir = existingDirectory(root, segments.slice(0, -1));
  if (dir === null) return null;
  let fd: number;
  try {
    fd = fs.openSync(join(dir, segments[segments.length - 1] as string), O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    if (isMissing(error)) return null;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new SymlinkRefused(key);
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return null;
    const bytes = Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const read = fs.readSync(fd, bytes, offset, stat.size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return offset === stat.size ? bytes : bytes.subarray(0, offset);
  } finally {
    fs.closeSync(fd);
  }
}

function keyExists(root: string, key: string): boolean {
  const segments = keySegments(key);
  const dir = existingDirectory(root, segments.slice(0, -1));
  if (dir === null) return false;
  try {
    const stat = fs.lstatSync(join(dir, segments[segments.length - 1] as string));
    if (stat.isSymbolicLink()) throw new SymlinkRefused(key);
    return stat.isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function removeKey(root: string, key: string): boolean {
  const segments = keySegments(key);
  const dir = existingDirectory(root, segments.slice(0, -1));
  if (dir === null) return false;
  try {
    fs.unlinkSync(join(dir, segments[segments.length - 1] as string)); // unlink never follows
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  fsyncDirectory(dir);
  return true;
}

/** Keys under a prefix; skips dot-files (temp and canary files) and never descends symlinks. */
function listKeys(root: string, prefix: string): string[] {
  const { dirs, partial } = prefixSegments(prefix);
  const start = existingDirectory(root, dirs);
  if (start === null) return [];
  const keys: string[] = [];
  const walk = (dir: string, relative: string[], filter: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || !entry.name.startsWith(filter)) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), [...relative, entry.name], '');
      else if (entry.isFile()) keys.push([...relative, entry.name].join('/'));
    }
  };
  walk(start, dirs, partial);
  return keys.sort();
}

/** Canary write + fsync + read back + delete at the root; returns free bytes (statfs). */
function probe(root: string, probePrefix: string): number {
  const canary = join(root, `${probePrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  const payload = randomBytes(64);
  const fd = fs.openSync(canary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    fs.writeSync(fd, payload);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    const back = fs.readFileSync(canary);
    if (!back.equals(payload)) throw Object.assign(new Error('canary read back differs'), { code: 'EIO' });
  } finally {
    unlinkQuietly(canary);
  }
  const stats = fs.statfsSync(root);
  return Number(stats.bavail) * Number(stats.bsize);
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, O_RDONLY | O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // best effort: a leftover dot-file is invisible to list(), and the sweep removes it later
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
