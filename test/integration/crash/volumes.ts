// What is on the volumes, read straight from the directories (the server is the only writer and
// the crash test owns them): scratch files left by interrupted writes, and every file stored under
// a final name.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROBE_PREFIX, TEMP_PREFIX } from '@rollcall/storage';

export interface VolumeDirs {
  name: string;
  root: string;
}

/** Walks a volume without following symlinks; `visit` gets each regular file's path relative to the root. */
function walk(root: string, visit: (relative: string, name: string) => void): void {
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // created later, or raced
      throw error;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(child);
      else if (entry.isFile()) visit(child, entry.name);
    }
  }
}

export function isScratch(name: string): boolean {
  return name.startsWith(TEMP_PREFIX) || name.startsWith(DEFAULT_PROBE_PREFIX);
}

/** Scratch files (put temp files, probe canaries) on every volume, as "<volume>:<relative path>". */
export function scratchFiles(volumes: VolumeDirs[]): string[] {
  const found: string[] = [];
  for (const v of volumes) walk(v.root, (relative, name) => isScratch(name) && found.push(`${v.name}:${relative}`));
  return found;
}

/** True as soon as any volume holds a put's temp file under pdfs/ (a write is between open and rename). */
export function writeInFlight(volumes: VolumeDirs[]): boolean {
  for (const v of volumes) {
    let seen = false;
    walk(path.join(v.root, 'pdfs'), (_relative, name) => {
      if (name.startsWith(TEMP_PREFIX)) seen = true;
    });
    if (seen) return true;
  }
  return false;
}

/** Every file under a final (non-dot) name below pdfs/, as a key ("pdfs/YYYY/MM/DD/<uid>.pdf"). */
export function storedKeys(volume: VolumeDirs): string[] {
  const keys: string[] = [];
  walk(path.join(volume.root, 'pdfs'), (relative, name) => {
    if (!name.startsWith('.')) keys.push(`pdfs/${relative}`);
  });
  return keys.sort();
}

/**
 * A complete PDF: the header at the start and the end-of-file marker at the end. The volumes hold
 * PDFs sealed (server/security/blob-cipher.ts): a sealed blob cannot be judged without the key, so
 * one with its header and at least an IV and tag passes here, and its completeness rests on the
 * check that follows (its bytes against the row's sha256: a truncated or swapped blob fails it).
 */
export function looksComplete(bytes: Buffer): boolean {
  if (/^rollcall-sealed v1 [0-9a-f]{8}\n$/.test(bytes.subarray(0, 28).toString('latin1'))) return bytes.length > 28 + 12 + 16;
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-' && /%%EOF\s*$/.test(bytes.subarray(-32).toString('latin1'));
}
