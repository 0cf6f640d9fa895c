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
  /** The key new tokens are signed with (from APP_KEY), then those that still verify (APP_KEY_PREVIOUS). */
  private readonly keys: Buffer[];

  constructor(
    appKey: Buffer,
    private readonly clock: Clock,
    /** During a key rotation: a form issued before a node took the new key still posts. */
    previousKeys: readonly Buffer[] = [],
  ) {
    this.keys = [appKey, ...previousKeys].map((k) => crypto.createHmac('sha256', k).update('rollcall csrf v1').digest());
  }

  issue(scope: string): string {
    const issued = this.clock.now().toString(36);
    return `${issued}.${this.mac(this.keys[0]!, scope, issued)}`;
  }

  verify(scope: string, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const [issued, mac] = token.split('.');
    if (!issued || !mac) return false;
    const age = this.clock.now() - parseInt(issued, 36);
    if (!(age >= 0 && age <= MAX_AGE_MS)) return false;
    const given = Buffer.from(mac);
    return this.keys.some((key) => {
      const expected = Buffer.from(this.mac(key, scope, issued));
      return expected.length === given.length && crypto.timingSafeEqual(expected, given);
    });
  }

  private mac(key: Buffer, scope: string, issued: string): string {
    return crypto.createHmac('sha256', key).update(`${scope}|${issued}`).digest('base64url');
  }
}

/**
 * The forms that sign someone in (password and second factor, both sides). A forged post to one of
 * them signs the victim's browser in to the attacker's account (login CSRF), so they refuse the
 * `Origin: null` the other forms accept.
 */
export const SIGN_IN_FORMS: ReadonlySet<string> = new Set([
  paths.partner.login,
  paths.partner.totp,
  paths.partner.totpSetup,
  paths.admin.login,
  paths.admin.totp,
  paths.admin.totpSetup,
]);

/** Express matches paths case-insensitively and with a trailing slash: so must the check. */
const isSignInForm = (path: string) => SIGN_IN_FORMS.has(path.toLowerCase().replace(/\/+$/, ''));

/**
 * Refuses POSTs a browser marks as coming from another site. `Origin: null` is what a browser sends
 * for a same-site form post from a page with `Referrer-Policy: no-referrer` (every page here), so
 * it passes, except on the sign-in forms: an attacker's page gets the same `null` (a sandboxed
 * frame, its own no-referrer policy), so there it passes only with `Sec-Fetch-Site: same-origin`,
 * and the sign-in pages send their origin (signInPagesSendOrigin).
 */
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
    if (origin === 'null' && site !== 'same-origin' && isSignInForm(req.path)) {
      return next(new CsrfRefused('A sign-in form posted from an unknown origin refused'));
    }
    next();
  };
}

/**
 * The sign-in pages' `Referrer-Policy: same-origin` (no referrer ever leaves the site, as with
 * no-referrer), so a browser without Fetch Metadata still names our origin when it posts their
 * form, rather than the `null` the sign-in forms refuse.
 */
export const signInPagesSendOrigin: RequestHandler = (req, res, next) => {
  if (isSignInForm(req.path)) res.set('Referrer-Policy', 'same-origin');
  next();
};

export function assertCsrf(tokens: CsrfTokens, scope: string, token: unknown): void {
  if (!tokens.verify(scope, token)) throw new CsrfRefused('The form expired or was not sent from this site. Please go back and try again.');
}
