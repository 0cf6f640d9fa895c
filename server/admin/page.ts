// What every admin page shares: the admin strings (msg), the signed-in person and a CSRF token
// bound to their session. Admin pages are rendered by the one page renderer (http/views.ts).
import { signedIn, sessionCsrfScope } from '../auth/guard.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { AreaLocals, Page } from '../http/views.js';
import { msg } from './admin-messages.js';

export type AdminPage = Page;

export function adminArea(csrf: CsrfTokens): AreaLocals {
  return (res) => {
    const who = signedIn(res);
    const full = who && who.session.secondFactorDone;
    return {
      lang: 'en',
      msg,
      who: full ? { email: who.user.email, role: who.user.role, isAdmin: who.user.role === 'admin' } : null,
      csrfToken: who ? csrf.issue(sessionCsrfScope(who.session)) : csrf.issue(LOGIN_CSRF_SCOPE),
    };
  };
}

/** The HTML id of an admin form's field (views/admin/_macros.njk), for the error summary's links. */
export function adminFieldId(field: string): string {
  return `f-${field}`;
}

/** The login form is posted before there is a session. */
export const LOGIN_CSRF_SCOPE = 'admin-login';
