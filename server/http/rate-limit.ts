// Fixed-window rate limits, counted in the database so every node shares them. Keys are keyed
// hashes (HMAC-SHA-256 under a key derived from APP_KEY): an IP address or an email is personal
// data and is never stored as such, and without the key a copy of the table cannot be reversed by
// hashing every IPv4 address or a list of emails (an unsalted hash could).
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import type { GroupCommit } from '../db/group-commit.js';
import { TooManyRequests } from '../errors.js';
import type { SecurityLog } from './security-log.js';
import { clientOf } from './client-address.js';

export interface Limit {
  /** Names the limit (and separates its counters from other limits'). */
  name: string;
  max: number;
  windowMs: number;
}

/** The key rate-limit counters are named under, derived from APP_KEY (like the CSRF and mail keys). */
export function rateLimitKeyFrom(appKey: Buffer): Buffer {
  return crypto.createHmac('sha256', appKey).update('rollcall rate-limit keys v1').digest();
}

export class RateLimiter {
  /**
   * `commits`: counting is a write on every voter post, so it joins the group commit (one batched
   * fsync off the event loop) rather than committing, and fsyncing on the event loop, by itself.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly commits: GroupCommit,
    /** From rateLimitKeyFrom(APP_KEY): every node must derive the same one to share counters. */
    private readonly subjectKey: Buffer,
    /** Where a limit hit by a form (tryHit) is recorded; a thrown one is recorded by the error handler. */
    private readonly security?: SecurityLog,
  ) {}

  /** The stored name of a subject's counter: the only place a subject (address, email) is turned into a key. */
  keyOf(subject: string): string {
    return crypto.createHmac('sha256', this.subjectKey).update(subject).digest('hex').slice(0, 40);
  }

  /** Counts one hit; throws TooManyRequests past the limit. */
  async hit(limit: Limit, subject: string): Promise<void> {
    const now = this.clock.now();
    const windowStart = now - (now % limit.windowMs);
    const key = `${limit.name}:${this.keyOf(subject)}`;
    const [row] = (await this.commits.run((trx) =>
      trx('rate_limits')
        .insert({ key, window_start: windowStart, count: 1 })
        .onConflict('key')
        .merge({
          count: trx.raw('case when rate_limits.window_start = ? then rate_limits.count + 1 else 1 end', [windowStart]),
          window_start: windowStart,
        })
        .returning('count'),
    )) as Array<{ count: number }>;
    if ((row?.count ?? 0) > limit.max) throw new TooManyRequests(Math.ceil((windowStart + limit.windowMs - now) / 1000));
  }

  /**
   * Counts one hit for a request. Within the limit: undefined. Past it: sets Retry-After on `res`
   * and returns the TooManyRequests, for the caller to throw (the JSON answer) or to answer with its
   * own page at 429. Any other failure (the database) is thrown as it is.
   */
  async tryHit(res: Response, limit: Limit, subject: string): Promise<TooManyRequests | undefined> {
    try {
      await this.hit(limit, subject);
      return undefined;
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      this.security?.event(res.req, 'rate_limited', { limit: limit.name });
      res.set('Retry-After', String(err.retryAfterSeconds));
      return err;
    }
  }

  /** Middleware: limit by whatever `subject` picks from the request (the client address by default). */
  middleware(limit: Limit, subject: (req: Request, res: Response) => string = (req) => clientOf(req)) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        next(await this.tryHit(res, limit, subject(req, res)));
      } catch (err) {
        next(err);
      }
    };
  }

  /** Old windows are dead weight; sweep them now and then. */
  async sweep(olderThanMs: number): Promise<number> {
    return this.db('rate_limits')
      .where('window_start', '<', this.clock.now() - olderThanMs)
      .delete();
  }
}

/** The limits Rollcall applies. Generous for people, tight for scripts guessing secrets. */
export const LIMITS = {
  // A classroom behind one address may start 30+ registrations in a minute.
  startRegistration: { name: 'start', max: 60, windowMs: 60_000 },
  voterPost: { name: 'step', max: 300, windowMs: 60_000 },
  /** Counts only failed API authentications. */
  badApiKey: { name: 'badkey', max: 20, windowMs: 60_000 },
  pdfDownload: { name: 'pdf', max: 60, windowMs: 60_000 },
} satisfies Record<string, Limit>;
