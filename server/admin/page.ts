// Renders an admin page: the admin layout, the admin strings (msg), the signed-in person and a
// CSRF token bound to their session. Admin pages are never cached.
import type { Response } from 'express';
import { signedIn, sessionCsrfScope } from '../auth/guard.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import { msg } from './admin-messages.js';

export interface AdminPage {
  (res: Response, template: string, data?: Record<string, unknown>, status?: number): void;
}

export function adminPageRenderer(views: Views, csrf: CsrfTokens): AdminPage {
  return (res, template, data = {}, status = 200) => {
    const who = signedIn(res);
    const full = who && who.session.secondFactorDone;
    res
      .status(status)
      .type('html')
      .send(
        views.render(`admin/${template}`, {
          lang: 'en',
          msg,
          who: full ? { email: who.user.email, role: who.user.role, isAdmin: who.user.role === 'admin' } : null,
          csrfToken: who ? csrf.issue(sessionCsrfScope(who.session)) : csrf.issue(LOGIN_CSRF_SCOPE),
          ...data,
        }),
      );
  };
}

/** The login form is posted before there is a session. */
export const LOGIN_CSRF_SCOPE = 'admin-login';

/** A query or form value as one trimmed string (repeated or missing values → ''). */
export function one(value: unknown, max = 200): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}
