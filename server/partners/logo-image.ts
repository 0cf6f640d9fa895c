// A partner's logo, judged by its bytes only (never the file name or the client's Content-Type):
// PNG, JPEG or WebP by magic number, the decoder agreeing, sane dimensions, then re-encoded into
// a fresh PNG that fits LOGO_BOX. Nothing of the uploaded bytes is ever served: a polyglot's tail,
// EXIF/ICC metadata and any chunk the decoder skipped are gone.
import sharp, { type Metadata } from 'sharp';

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
/** The box the stored PNG fits in (kept proportional, never enlarged). */
export const LOGO_BOX = { width: 600, height: 200 };
export const LOGO_MIN_SIDE = 16;
export const LOGO_MAX_SIDE = 4000;
/** Decoding more would cost too much memory (a "pixel bomb" is a tiny file with huge dimensions). */
export const LOGO_MAX_PIXELS = LOGO_MAX_SIDE * LOGO_MAX_SIDE;

export type LogoProblem = 'empty' | 'type' | 'corrupt' | 'tooManyPixels' | 'tooSmall' | 'tooBig';

export type LogoCheck = { ok: true; png: Buffer; width: number; height: number } | { ok: false; problem: LogoProblem };

type Format = 'png' | 'jpeg' | 'webp';

/** The format the first bytes announce, or null. */
export function sniffFormat(bytes: Buffer): Format | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** Checks an uploaded logo and re-encodes it, or names the problem. Never throws on bad bytes. */
export async function reencodeLogo(bytes: Buffer): Promise<LogoCheck> {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  const format = sniffFormat(bytes);
  if (!format) return { ok: false, problem: 'type' };

  // The header alone: dimensions are judged before a single pixel is decoded.
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    return { ok: false, problem: 'corrupt' };
  }
  if (meta.format !== format) return { ok: false, problem: 'type' };
  const { width, height } = meta;
  if (!width || !height) return { ok: false, problem: 'corrupt' };
  if (width * height > LOGO_MAX_PIXELS) return { ok: false, problem: 'tooManyPixels' };
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) return { ok: false, problem: 'tooBig' };
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE) return { ok: false, problem: 'tooSmall' };

  try {
    // limitInputPixels again, in case the header lied; failOn 'error' refuses truncated data.
    const { data, info } = await sharp(bytes, { limitInputPixels: LOGO_MAX_PIXELS, failOn: 'error', animated: false })
      .timeout({ seconds: 10 })
      .rotate() // apply the EXIF orientation before the metadata goes
      .resize({ ...LOGO_BOX, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, png: data, width: info.width, height: info.height };
  } catch {
    return { ok: false, problem: 'corrupt' };
  }
}
