// What every partner portal page shares: the page values (language, CSRF token, who is signed
// in), the signed-in partner's id, the portal's rate limits and the sign-in CSRF scope. Its own
// module so the portal's route files use it without importing the router that mounts them.
import type { Response } from 'express';
import { sessionCsrfScope, signedIn } from '../auth/guard.js';
import type { CsrfTokens } from '../http/csrf.js';
import { Forbidden } from '../errors.js';
import type { Limit } from '../http/rate-limit.js';
import type { AreaLocals, Page } from '../http/views.js';
import { partnerLangOf, partnerMsg, switchLanguageHref } from './language.js';

export const PARTNER_LIMITS = {
  login: { name: 'partner-login', max: 10, windowMs: 60_000 },
  // Reset links: per client address, per email address (so one inbox is not flooded), and
  // submissions of the new password per client address.
  resetClient: { name: 'partner-reset-client', max: 5, windowMs: 15 * 60_000 },
  resetAddress: { name: 'partner-reset-address', max: 3, windowMs: 60 * 60_000 },
  resetSubmit: { name: 'partner-reset-submit', max: 10, windowMs: 15 * 60_000 },
  /** Second-factor attempts per account (as for staff). */
  totp: { name: 'partner-totp', max: 5, windowMs: 5 * 60_000 },
} satisfies Record<string, Limit>;

/** The CSRF scope of the forms posted before there is a session (sign-in, password reset). */
export const LOGIN_SCOPE = 'partner-login';

export type PartnerPage = Page;

/** What every portal page shares: its language and switch link, its words, who is signed in, a CSRF token. */
export function partnerArea(csrf: CsrfTokens): AreaLocals {
  return (res) => {
    const who = signedIn(res);
    const lang = partnerLangOf(res);
    const otherLang = lang === 'en' ? 'es' : 'en';
    return {
      lang,
      otherLang,
      switchHref: switchLanguageHref(res.req, otherLang),
      msg: partnerMsg(res),
      // Half signed in (no second factor yet): no menu, no name; only the code page is theirs.
      who: who?.user.role === 'partner' && who.session.secondFactorDone ? { email: who.user.email } : null,
      csrfToken: who ? csrf.issue(sessionCsrfScope(who.session)) : csrf.issue(LOGIN_SCOPE),
    };
  };
}

/** The signed-in partner user's partner id (requirePartner ran before). */
export function partnerIdOf(res: Response): string {
  const id = signedIn(res)?.user.partner_id;
  if (!id) throw new Forbidden('Your account may not do this.');
  return id;
}
