// Test helper: one PDF page rasterized by poppler's pdftoppm (Debian's poppler-utils), and a
// pixel comparison of two PNGs with pixelmatch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The PNG bytes of page `page` at `dpi`, optionally cropped (in pixels at that dpi). */
export function rasterizePage(pdf: Buffer, page: number, dpi: number, crop?: Crop): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-pdf-'));
  try {
    const input = path.join(dir, 'in.pdf');
    writeFileSync(input, pdf);
    const cropArgs = crop ? ['-x', `${crop.x}`, '-y', `${crop.y}`, '-W', `${crop.width}`, '-H', `${crop.height}`] : [];
    execFileSync('pdftoppm', [
      '-r',
      `${dpi}`,
      '-f',
      `${page}`,
      '-l',
      `${page}`,
      '-singlefile',
      ...cropArgs,
      '-png',
      input,
      path.join(dir, 'out'),
    ]);
    return readFileSync(path.join(dir, 'out.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of pixels that differ noticeably (pixelmatch threshold 0.1), between 0 and 1. */
export function differingShare(actualPng: Buffer, expectedPng: Buffer): number {
  const actual = PNG.sync.read(actualPng);
  const expected = PNG.sync.read(expectedPng);
  if (actual.width !== expected.width || actual.height !== expected.height) return 1;
  const differing = pixelmatch(actual.data, expected.data, undefined, actual.width, actual.height, { threshold: 0.1 });
  return differing / (actual.width * actual.height);
}
