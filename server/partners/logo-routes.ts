// The logo forms of the Branding page: upload (multipart, read by logo-upload.ts, checked and
// re-encoded by logo-image.ts, stored by logo-store.ts) and remove. Both act on the signed-in
// user's own partner only; the CSRF token is checked before anything is read or stored.
import { Router, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, sessionCsrfScope, signedIn } from '../auth/guard.js';
import { Forbidden } from '../errors.js';
import { paths } from '../paths.js';
import type { Limit, RateLimiter } from '../http/rate-limit.js';
import { partnerMsg } from './language.js';
import { LOGO_BOX, LOGO_MAX_BYTES, LOGO_MAX_SIDE, LOGO_MIN_SIDE, reencodeLogo, type LogoProblem } from './logo-image.js';
import type { PartnerLogos } from './logo-store.js';
import { LOGO_FIELD, readLogoUpload, type UploadProblem } from './logo-upload.js';
import type { CsrfTokens } from '../http/csrf.js';

/** Renders the Branding page (colours, intro, logo) for the signed-in partner. */
export type BrandingPage = (
  res: Response,
  values?: Record<string, string>,
  errors?: Record<string, string>,
  extra?: Record<string, unknown>,
  status?: number,
) => Promise<void>;

/** Decoding costs CPU: files decoded per partner (not per address). */
export const LOGO_UPLOAD_LIMIT: Limit = { name: 'partner-logo', max: 40, windowMs: 10 * 60_000 };

export const LOGO_LIMITS = {
  max: `${LOGO_MAX_BYTES / 1024 / 1024} MB`,
  min: LOGO_MIN_SIDE,
  maxSide: LOGO_MAX_SIDE,
  box: `${LOGO_BOX.width} × ${LOGO_BOX.height}`,
};

/** What logoRoutes uses, and nothing else. */
export interface LogoRoutesDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  logos: PartnerLogos;
}

export function logoRoutes({ csrf, limiter, logos }: LogoRoutesDeps, show: BrandingPage, requirePartner: RequestHandler): Router {
  const router = Router();
  // requirePartner ran: the session's own partner, never an id from the request.
  const ownPartner = (res: Response) => {
    const who = signedIn(res);
    if (!who?.user.partner_id) throw new Forbidden('Your account may not do this.');
    return { who, partnerId: who.user.partner_id };
  };

  // The page again, with the problem on the file field and in the error summary.
  const refuse = (res: Response, problem: LogoProblem | UploadProblem | 'tooMany', status: number) => {
    const text = partnerMsg(res)(`branding.logo.errors.${problem}`, LOGO_LIMITS);
    // Part of the request body may have been discarded unread: do not reuse this connection.
    res.set('Connection', 'close');
    return show(res, undefined, {}, { logoError: text, errorSummary: [{ href: `#${LOGO_FIELD}`, text }] }, status);
  };

  router.post(paths.partner.logo, requirePartner, async (req, res) => {
    const { who, partnerId } = ownPartner(res);
    const upload = await readLogoUpload(req, (token) => csrf.verify(sessionCsrfScope(who.session), token));
    if (!upload.ok) return refuse(res, upload.problem, upload.status);
    // Counted once the token is known good (a forged post cannot use up the partner's uploads).
    if (await limiter.tryHit(res, LOGO_UPLOAD_LIMIT, partnerId)) return refuse(res, 'tooMany', 429);
    const logo = await reencodeLogo(upload.bytes);
    if (!logo.ok) return refuse(res, logo.problem, 422);
    await logos.save(partnerId, logo.png, logo);
    res.redirect(303, `${paths.partner.branding}?logo=saved`);
  });

  router.post(paths.partner.logoRemove, requirePartner, async (req, res) => {
    assertSessionCsrf(csrf, res, (req.body as Record<string, unknown> | undefined)?._csrf);
    await logos.remove(ownPartner(res).partnerId);
    res.redirect(303, `${paths.partner.branding}?logo=removed`);
  });

  return router;
}
