// What the session list shows of where a session was opened: the address cut to its /24 or /48
// and the browser's family, never the whole address or user-agent (a fingerprint).
import type { Request } from 'express';
import { truncatedAddress } from './client-address.js';

const FAMILIES: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
  [/^curl\//, 'curl'],
];

/** The browser's family from a User-Agent header ("other" when unknown). */
export function browserFamily(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  for (const [pattern, family] of FAMILIES) if (pattern.test(userAgent)) return family;
  return 'other';
}

/** Where a new session is being opened, as the session list will show it. */
export function sessionOrigin(req: Request): { client: string; agent: string } {
  return { client: truncatedAddress(req.ip), agent: browserFamily(req.get('user-agent')) };
}
