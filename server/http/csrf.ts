// CSRF protection without cookies (so it also works inside a partner's third-party iframe):
// 1. every state-changing form carries a token: HMAC(app key, scope + issue time), scope binding it
//    to one registration (or to the start form), valid for a day;
// 2. a browser that says the POST is cross-site (Sec-Fetch-Site / Origin) is refused outright.
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Clock } from '../clock.js';
import { CsrfRefused } from '../errors.js';
import { paths } from '../paths.js';

const MAX_AGE_MS = 24 * 60 * 60_000;

export class CsrfTokens {
  private readonly key: Buffer;

  constructor(
    appKey: Buffer,
    private readonly clock: Clock,
  ) {
    this.key = crypto.createHmac('sha256', appKey).update('rollcall csrf v1').digest();
  }

  issue(scope: string): string {
    const issued = this.clock.now().toString(36);
    return `${issued}.${this.mac(scope, issued)}`;
  }

  verify(scope: string, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const [issued, mac] = token.split('.');
    if (!issued || !mac) return false;
    const age = this.clock.now() - parseInt(issued, 36);
    if (!(age >= 0 && age <= MAX_AGE_MS)) return false;
    const expected = Buffer.from(this.mac(scope, issued));
    const given = Buffer.from(mac);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  private mac(scope: string, issued: string): string {
    return crypto.createHmac('sha256', this.key).update(`${scope}|${issued}`).digest('base64url');
  }
}

/** Refuses POSTs a browser marks as coming from another site. */
export function rejectCrossSitePosts(baseUrl: string): RequestHandler {
  const ownOrigin = new URL(baseUrl).origin;
  return (req, _res, next) => {
    if (req.method !== 'POST' || req.path.startsWith(`${paths.api.root}/`)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const hostOrigin = `${req.protocol}://${req.get('host')}`;
    if (site === 'cross-site' || (origin && origin !== 'null' && origin !== ownOrigin && origin !== hostOrigin)) {
      return next(new CsrfRefused('Cross-site form submission refused'));
    }
    next();
  };
}

export function assertCsrf(tokens: CsrfTokens, scope: string, token: unknown): void {
  if (!tokens.verify(scope, token)) throw new CsrfRefused('The form expired or was not sent from this site. Please go back and try again.');
}
