// Authorization: Bearer <apiKey> → req's partner. Every API query is then scoped to that partner.
import type { NextFunction, Request, Response } from 'express';
import type { Partner, PartnerRecords } from '../partners/partner-records.js';
import { Unauthorized } from '../errors.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import { clientOf } from '../http/client-address.js';

export function requirePartner(partners: PartnerRecords, limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(header.trim());
    const partner = match ? await partners.authenticate(match[1]!) : undefined;
    if (!partner) {
      // Only failures count: a script guessing keys is slowed, a working partner never is.
      const refused = await limiter.tryHit(res, LIMITS.badApiKey, clientOf(req));
      if (refused) throw refused;
      res.set('WWW-Authenticate', 'Bearer');
      throw new Unauthorized();
    }
    res.locals.partner = partner;
    next();
  };
}

export function partnerOf(res: Response): Partner {
  return res.locals.partner as Partner;
}
