// Loads the signed-in user for pages behind a login, and enforces roles. Every state-changing
// form behind a login carries a CSRF token bound to the session.
import type { NextFunction, Request, Response } from 'express';
import type { CsrfTokens } from '../http/csrf.js';
import { assertCsrf } from '../http/csrf.js';
import { Forbidden } from '../errors.js';
import type { Session, Sessions } from './sessions.js';
import type { Role, User } from './users.js';

export interface SignedIn {
  user: User;
  session: Session;
}

export function signedIn(res: Response): SignedIn | undefined {
  return res.locals.signedIn as SignedIn | undefined;
}

/** Puts the session's user (if any) on res.locals.signedIn. */
export function loadSession(sessions: Sessions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const found = await sessions.find(sessions.tokenOf(req));
    if (found) res.locals.signedIn = found;
    next();
  };
}

/**
 * Only these roles pass. A visitor who is not signed in (or has not finished the second factor,
 * where one is needed) is sent to `loginPath`; a signed-in user of another role gets 403.
 */
export function requireRole(roles: Role[], loginPath: string, needsSecondFactor: (user: User) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction) => {
    const who = signedIn(res);
    if (!who || (needsSecondFactor(who.user) && !who.session.secondFactorDone)) {
      if (req.method === 'GET') return res.redirect(303, `${loginPath}?next=${encodeURIComponent(req.originalUrl)}`);
      return next(new Forbidden('Please sign in again.'));
    }
    if (!roles.includes(who.user.role)) return next(new Forbidden('Your account may not do this.'));
    next();
  };
}

export function sessionCsrfScope(session: Session): string {
  return `session:${session.csrfSecret}`;
}

export function assertSessionCsrf(csrf: CsrfTokens, res: Response, token: unknown): void {
  const who = signedIn(res);
  if (!who) throw new Forbidden('Please sign in again.');
  assertCsrf(csrf, sessionCsrfScope(who.session), token);
}
