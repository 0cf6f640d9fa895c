// Security keys and passkeys on the pages, for staff and partner users alike (auth/security-keys.ts
// checks the ceremonies). Two parts, each side giving its paths, guard and pages:
// - the account page: list, add (options as JSON, then the browser's answer in a normal form post),
//   rename, remove; audit and security log entries without personal data;
// - the second-factor page's "Use a security key": options as JSON for the half-signed-in session,
//   then the signed answer, counted against the same per-account limit as a TOTP code and, when
//   good, finishing the sign-in exactly as a code does (the side's own `finish`).
// The script (views/static/security-key.js) fetches the options and fills the hidden `response`.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AuditLog } from '../admin/audit.js';
import { truncatedAddress } from '../http/client-address.js';
import type { CsrfTokens } from '../http/csrf.js';
import { formField, type FormBody } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import type { Page } from '../http/views.js';
import { assertSessionCsrf, signedIn } from './guard.js';
import { MAX_KEY_NAME, parseResponse, type AddResult, type SecurityKeys } from './security-keys.js';
import { sessionTime } from './sessions.js';
import type { User } from './users.js';

/** What the security-key routes use, and nothing else. */
export interface SecurityKeyDeps {
  csrf: CsrfTokens;
  securityKeys: SecurityKeys;
  audit: AuditLog;
  security: SecurityLog;
}

/** The account page's side: its paths, guard, page sender and audit partner. */
export interface SecurityKeyAccountSide {
  area: 'admin' | 'partner';
  paths: { securityKeys: string; securityKeyOptions: string; securityKeyRename: string; securityKeyRemove: string };
  guard: RequestHandler;
  page: Page;
  auditPartnerId: (user: User) => string | null;
}

const ADD_ERRORS: Record<Exclude<AddResult, { ok: true }>['reason'], string> = {
  no_challenge: 'expired',
  invalid: 'notAdded',
  duplicate: 'duplicate',
  too_many: 'tooMany',
};

const keyIdOf = (body: FormBody): number | undefined => {
  const raw = formField(body, 'key', { max: 12 });
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
};

export function securityKeyAccountRoutes({ csrf, securityKeys, audit, security }: SecurityKeyDeps, side: SecurityKeyAccountSide): Router {
  const { area, paths, guard, page } = side;
  const router = Router();

  const show = async (res: Response, data: Record<string, unknown> = {}, status = 200) => {
    const who = signedIn(res)!;
    const keys = await securityKeys.list(who.user.id);
    page(
      res,
      'account-security-keys.njk',
      {
        keys: keys.map((k) => ({
          ...k,
          created: sessionTime(k.createdAt),
          lastUsed: k.lastUsedAt === null ? null : sessionTime(k.lastUsedAt),
        })),
        maxName: MAX_KEY_NAME,
        hasTotp: Boolean(who.user.totp_secret_enc),
        errors: {},
        name: '',
        ...data,
      },
      status,
    );
  };

  router.get(paths.securityKeys, guard, async (req, res) => {
    const done = formField(req.query, 'done', { max: 20 });
    await show(res, { done: ['added', 'renamed', 'removed'].includes(done) ? done : null });
  });

  // The options for navigator.credentials.create(), as JSON (the script asks; the challenge stays in the session).
  router.post(paths.securityKeyOptions, guard, async (req, res) => {
    assertSessionCsrf(csrf, res, (req.body as FormBody)._csrf);
    const who = signedIn(res)!;
    res.json(await securityKeys.registrationOptions(who.user, who.session));
  });

  router.post(paths.securityKeys, guard, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const name = formField(body, 'name', { max: MAX_KEY_NAME });
    if (!name) return show(res, { errors: { name: 'nameMissing' } }, 422);
    const response = parseResponse(body.response);
    // No answer at all: the browser could not run the script (or has no WebAuthn).
    if (!response) return show(res, { errors: { name: 'noResponse' }, name }, 422);
    const added = await securityKeys.add(who.user.id, who.session, response, name);
    if (!added.ok) return show(res, { errors: { name: ADD_ERRORS[added.reason] }, name }, 422);
    await audit.record(who.user, 'security_key_add', side.auditPartnerId(who.user), truncatedAddress(req.ip), `key ${added.id}`);
    security.event(req, 'security_key_added', { area, user: who.user.id, key: added.id });
    res.redirect(303, `${paths.securityKeys}?done=added`);
  });

  router.post(paths.securityKeyRename, guard, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const id = keyIdOf(body);
    const name = formField(body, 'name', { max: MAX_KEY_NAME });
    // Not one of the user's keys (another's, or one already removed): nothing to rename, no field to name.
    if (id === undefined || !(await securityKeys.list(who.user.id)).some((k) => k.id === id)) return res.redirect(303, paths.securityKeys);
    if (!name) return show(res, { errors: { [`rename-${id}`]: 'nameMissing' } }, 422);
    if (await securityKeys.rename(who.user.id, id, name)) {
      await audit.record(who.user, 'security_key_rename', side.auditPartnerId(who.user), truncatedAddress(req.ip), `key ${id}`);
      return res.redirect(303, `${paths.securityKeys}?done=renamed`);
    }
    res.redirect(303, paths.securityKeys);
  });

  router.post(paths.securityKeyRemove, guard, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const id = keyIdOf(body);
    if (id === undefined) return res.redirect(303, paths.securityKeys);
    const outcome = await securityKeys.remove(who.user, id);
    if (outcome === 'last') return show(res, { errors: { [`remove-${id}`]: 'lastFactor' } }, 409);
    if (outcome === 'removed') {
      await audit.record(who.user, 'security_key_remove', side.auditPartnerId(who.user), truncatedAddress(req.ip), `key ${id}`);
      security.event(req, 'security_key_removed', { area, user: who.user.id, key: id });
      return res.redirect(303, `${paths.securityKeys}?done=removed`);
    }
    res.redirect(303, paths.securityKeys);
  });

  return router;
}

/** The second-factor page's side: what "signed in by a key" means there is the side's own. */
export interface SecurityKeySignInSide {
  area: 'admin' | 'partner';
  paths: { totpKeyOptions: string; totpKey: string };
  /** The half-signed-in user, or undefined after answering (a redirect). */
  pending: (req: Request, res: Response) => User | undefined;
  /** False once the account has used its second-factor attempts (the same limit as a code's). */
  mayTry: (res: Response, user: User) => Promise<boolean>;
  /** The code page again, with a key error (a code under securityKeys.errors in the side's catalogue) and a status. */
  refuse: (req: Request, res: Response, keyError: string, status: number) => Promise<void>;
  /** Completes the sign-in exactly as a good TOTP code does. */
  finish: (req: Request, res: Response, user: User) => Promise<void>;
}

export function securityKeySignInRoutes({ csrf, securityKeys, security }: SecurityKeyDeps, side: SecurityKeySignInSide): Router {
  const router = Router();

  router.post(side.paths.totpKeyOptions, async (req, res) => {
    const user = side.pending(req, res);
    if (!user) return;
    assertSessionCsrf(csrf, res, (req.body as FormBody)._csrf);
    const options = await securityKeys.signInOptions(user.id, signedIn(res)!.session);
    if (!options) return res.status(404).json({ error: 'no security key' });
    res.json(options);
  });

  router.post(side.paths.totpKey, async (req, res) => {
    const user = side.pending(req, res);
    if (!user) return;
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    if (!(await side.mayTry(res, user))) return side.refuse(req, res, 'tooManyTries', 429);
    const response = parseResponse(body.response);
    // No key answer in the post (no JavaScript, or a garbled one): a malformed request rather than a
    // field the user typed wrong, so 400 with the page's key alert; the code field stays usable.
    if (!response) return side.refuse(req, res, 'noResponse', 400);
    const result = await securityKeys.verifySignIn(user.id, signedIn(res)!.session, response);
    if (!result.ok) {
      security.event(req, 'second_factor_failed', { area: side.area, user: user.id, method: 'security_key' });
      return side.refuse(req, res, result.reason === 'no_challenge' ? 'expired' : 'signInRefused', 401);
    }
    await side.finish(req, res, user);
  });

  return router;
}
