// Test images for the logo upload, built in the test (no binary fixtures): real PNG/JPEG/WebP from
// sharp, and the files an attacker or a careless user sends instead.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { Agent } from './admin-sign-in.js';
import type { TestApp } from './app-fixture.js';
import { csrfOf } from './voter-session.js';

/** A two-colour image (so the re-encoded copy is not trivially the same bytes). */
function base(width: number, height: number): Sharp {
  const half = Buffer.alloc(Math.ceil(width / 2) * height * 3, 0x40);
  return sharp({ create: { width, height, channels: 3, background: '#1a4480' } }).composite([
    { input: half, raw: { width: Math.ceil(width / 2), height, channels: 3 }, left: 0, top: 0 },
  ]);
}

export const images = {
  png: (width = 900, height = 300) => base(width, height).png().toBuffer(),
  /** A JPEG carrying EXIF text that must not survive the re-encoding. */
  jpeg: (width = 640, height = 480) =>
    base(width, height)
      .jpeg()
      .withExif({ IFD0: { Copyright: 'exif-marker-7f3a', ImageDescription: 'exif-marker-7f3a' } })
      .toBuffer(),
  webp: (width = 300, height = 120) => base(width, height).webp().toBuffer(),
  gif: () => base(64, 64).gif().toBuffer(),
  /** A real, noisy PNG of about 3 MB: an honest image that is simply too large. */
  noisyPng: () =>
    sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png({ compressionLevel: 0 })
      .toBuffer(),
};

export const SVG_WITH_SCRIPT = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><script>alert(document.cookie)</script><rect width="100" height="40" fill="#1a4480"/></svg>',
);
export const HTML_PAGE = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
export const POLYGLOT_TAIL = '<html><script>fetch("/partner/keys",{method:"POST"})</script>POLYGLOT-TAIL-4d2c</html>';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A pixel bomb: a valid 30000×30000 one-bit PNG (900 megapixels, gigabytes once decoded) of about
 * 110 KB, its all-zero rows deflated a row at a time so the test never holds them either.
 */
export async function pixelBombPng(side = 30000): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const row = Buffer.alloc(1 + Math.ceil(side / 8)); // filter byte 0 + 8 pixels a byte, all zero
  const rows = async function* () {
    for (let i = 0; i < side; i++) yield row;
  };
  const parts: Buffer[] = [];
  await pipeline(Readable.from(rows()), zlib.createDeflate({ level: 9 }), async function (source: AsyncIterable<Buffer>) {
    for await (const part of source) parts.push(part);
  });
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}

/** Every file under the storage volumes' roots whose key starts with `partner-logos/`. */
export function storedLogoFiles(t: TestApp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  for (const v of t.ctx.config.storageVolumes) for (const root of v.paths) walk(path.join(root, 'partner-logos'));
  return out.sort();
}

export interface FilePart {
  name?: string;
  bytes: Buffer;
  filename?: string;
  contentType?: string;
}

/** Posts the logo form as a browser would: _csrf first, then the file(s). */
export async function uploadLogo(agent: Agent, files: FilePart[] | FilePart, csrf?: string, headers: Record<string, string> = {}) {
  const token = csrf ?? csrfOf((await agent.get('/partner/branding')).text);
  let req = agent.post('/partner/branding/logo').set(headers).field('_csrf', token);
  for (const f of Array.isArray(files) ? files : [files])
    req = req.attach(f.name ?? 'logo', f.bytes, { filename: f.filename ?? 'logo.png', contentType: f.contentType ?? 'image/png' });
  return req;
}
