// Which sites may frame a partner's voter flow. A partner declares origins ("https://host[:port]");
// the framed pages answer with CSP frame-ancestors naming exactly those, and the page's script
// posts its events (resize, started, completed) only to those origins.
import type { Response } from 'express';
import type { Partner } from './partner-records.js';

/** "https://example.org" (or http on loopback), normalised; null when it is not a bare origin. */
export function parseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

export function originsOf(partner: Pick<Partner, 'allowed_origins'> | undefined | null): string[] {
  if (!partner) return [];
  try {
    const list = JSON.parse(partner.allowed_origins) as unknown;
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string' && parseOrigin(o) === o) : [];
  } catch {
    return [];
  }
}

/**
 * Lets this response be framed by the partner's origins, and only them. Rewrites the
 * frame-ancestors directive of the CSP helmet already set; drops X-Frame-Options, which cannot
 * name another origin (browsers that know CSP ignore it anyway when frame-ancestors is present).
 */
export function allowFramingBy(res: Response, origins: string[]): void {
  if (origins.length === 0) return;
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp !== 'string') return;
  res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${origins.join(' ')}`));
  res.removeHeader('X-Frame-Options');
}
