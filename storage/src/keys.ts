// Key validation: the single gate between a caller's string and a file name under a volume root.
// Keys are relative, slash-separated, and made of plain segments; anything that could name a
// different place (.., absolute, backslash, NUL, dot-files used for temp/canary files) is refused
// before any path is built. Symlinks are refused later, inside the worker, with lstat/O_NOFOLLOW.
import { InvalidKey } from './errors.js';

export const MAX_KEY_LENGTH = 512;
export const MAX_SEGMENT_LENGTH = 128;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Returns the key's segments, or throws InvalidKey. */
export function keySegments(key: unknown): string[] {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKey(String(key), 'empty');
  if (key.length > MAX_KEY_LENGTH) throw new InvalidKey(key.slice(0, 64), 'too long');
  if (key.includes('\0')) throw new InvalidKey(key.replace(/\0/g, '\\0'), 'NUL byte');
  if (key.includes('\\')) throw new InvalidKey(key, 'backslash');
  if (key.startsWith('/')) throw new InvalidKey(key, 'absolute path');
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') throw new InvalidKey(key, 'empty segment');
    if (segment === '.' || segment === '..') throw new InvalidKey(key, 'dot segment');
    if (segment.length > MAX_SEGMENT_LENGTH) throw new InvalidKey(key, 'segment too long');
    if (!SEGMENT.test(segment)) throw new InvalidKey(key, 'unexpected character');
  }
  return segments;
}

export function assertValidKey(key: unknown): asserts key is string {
  keySegments(key);
}

/** A list prefix: '' (everything) or a key-like string, optionally ending in '/'. */
export function prefixSegments(prefix: string): { dirs: string[]; partial: string } {
  if (prefix === '') return { dirs: [], partial: '' };
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const segments = keySegments(trimmed);
  if (prefix.endsWith('/')) return { dirs: segments, partial: '' };
  return { dirs: segments.slice(0, -1), partial: segments[segments.length - 1] ?? '' };
}
