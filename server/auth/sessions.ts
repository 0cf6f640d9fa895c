// Sign-in sessions, in the database (any node serves any request). The cookie carries 256 random
// bits; the database keeps only their SHA-256. A new session id at every sign-in (no fixation).
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db } from '../db/connect.js';
import { readCookie } from '../http/cookies.js';
import type { Clock } from '../clock.js';
import { isSecretShaped, newSecret, sha256Hex } from '../security/tokens.js';
import type { User } from './users.js';

export const SESSION_COOKIE = 'rc_session';
/**
 * The name under https: a browser keeps a `__Host-` cookie only if it is Secure, has Path=/ and no
 * Domain, so a sibling subdomain or a plain-http page cannot plant or overwrite it. Browsers refuse
 * the prefix without Secure, so plain-http development keeps the plain name.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const ABSOLUTE_TTL_MS = 12 * 60 * 60_000;
/** Staff (admin, support) sessions end after 30 minutes without a request (ASVS 4.0.3, 3.3.2 at level 2). */
export const STAFF_IDLE_TTL_MS = 30 * 60_000;
/** Partner users' default (PARTNER_SESSION_IDLE_MINUTES). */
export const PARTNER_IDLE_TTL_MS = 2 * 60 * 60_000;

export interface Session {
  idHash: string;
  userId: number;
  csrfSecret: string;
  secondFactorDone: boolean;
}

/** One line of the session list. */
export interface SessionSummary {
  /** Names the session in the list's forms: derived from the stored hash, useless as a cookie. */
  handle: string;
  createdAt: number;
  lastSeenAt: number;
  /** The address it was opened from, cut to its /24 or /48. */
  client: string;
  /** The browser's family. */
  agent: string;
  /** The session this request came with. */
  current: boolean;
}

/** A time in the session list: minutes, UTC. */
export function sessionTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const handleOf = (idHash: string): string => sha256Hex(`session handle|${idHash}`).slice(0, 32);

interface SessionRow {
  id_hash: string;
  user_id: number;
  csrf_secret: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  second_factor_done: boolean | number;
}

export class Sessions {
  /** The cookie's name: `__Host-rc_session` when cookies are Secure, `rc_session` on plain http. */
  readonly cookieName: string;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secureCookies: boolean,
    private readonly partnerIdleMs: number = PARTNER_IDLE_TTL_MS,
  ) {
    this.cookieName = secureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  }

  /** The session cookie's value (only under this deployment's name: an https site ignores a plain `rc_session`). */
  tokenOf(req: Request): string | undefined {
    return readCookie(req, this.cookieName);
  }

  async create(
    userId: number,
    secondFactorDone: boolean,
    origin: { client: string; agent: string } = { client: 'unknown', agent: 'unknown' },
  ): Promise<{ token: string; session: Session }> {
    const token = newSecret();
    const now = this.clock.now();
    const session: Session = { idHash: sha256Hex(token), userId, csrfSecret: crypto.randomBytes(16).toString('hex'), secondFactorDone };
    await this.db('sessions').insert({
      id_hash: session.idHash,
      user_id: userId,
      csrf_secret: session.csrfSecret,
      created_at: now,
      expires_at: now + ABSOLUTE_TTL_MS,
      last_seen_at: now,
      second_factor_done: secondFactorDone,
      client: origin.client.slice(0, 64),
      agent: origin.agent.slice(0, 40),
    });
    return { token, session };
  }

  /** The live session for a cookie token, or undefined (unknown, expired or idle too long). */
  async find(token: string | undefined): Promise<{ session: Session; user: User } | undefined> {
    if (!token || !isSecretShaped(token)) return undefined;
    const now = this.clock.now();
    const row = (await this.db('sessions')
      .where({ id_hash: sha256Hex(token) })
      .first()) as SessionRow | undefined;
    if (!row || Number(row.expires_at) <= now) return undefined;
    const user = (await this.db('users').where({ id: row.user_id }).whereNull('disabled_at').first()) as User | undefined;
    if (!user || Number(row.last_seen_at) + this.idleMsOf(user) <= now) return undefined;
    // Touch at most once a minute: a page view should not always be a write.
    if (now - Number(row.last_seen_at) > 60_000) await this.db('sessions').where({ id_hash: row.id_hash }).update({ last_seen_at: now });
    return {
      session: { idHash: row.id_hash, userId: row.user_id, csrfSecret: row.csrf_secret, secondFactorDone: Boolean(row.second_factor_done) },
      user,
    };
  }

  /** How long a session of this user lives without a request. */
  idleMsOf(user: Pick<User, 'role'>): number {
    return user.role === 'partner' ? this.partnerIdleMs : STAFF_IDLE_TTL_MS;
  }

  async markSecondFactorDone(session: Session): Promise<void> {
    await this.db('sessions').where({ id_hash: session.idHash }).update({ second_factor_done: true });
  }

  /**
   * Keeps a WebAuthn challenge in the session row (auth/security-keys.ts), replacing any earlier
   * one: one ceremony at a time per session, `purpose` telling adding a key from signing in.
   */
  async setChallenge(session: Session, purpose: string, challenge: string, untilMs: number): Promise<void> {
    await this.db('sessions')
      .where({ id_hash: session.idHash })
      .update({ webauthn_challenge: `${purpose}:${challenge}`, webauthn_challenge_until: untilMs });
  }

  /**
   * Takes the session's challenge for `purpose` and clears it in one guarded update (two requests
   * cannot both use it); undefined when there is none, it is for the other purpose, or it expired.
   */
  async takeChallenge(session: Session, purpose: string): Promise<string | undefined> {
    const row = (await this.db('sessions').where({ id_hash: session.idHash }).first('webauthn_challenge', 'webauthn_challenge_until')) as
      { webauthn_challenge: string | null; webauthn_challenge_until: number | string | null } | undefined;
    if (!row?.webauthn_challenge) return undefined;
    const cleared = await this.db('sessions')
      .where({ id_hash: session.idHash, webauthn_challenge: row.webauthn_challenge })
      .update({ webauthn_challenge: null, webauthn_challenge_until: null });
    if (cleared !== 1 || Number(row.webauthn_challenge_until) <= this.clock.now()) return undefined;
    const prefix = `${purpose}:`;
    return row.webauthn_challenge.startsWith(prefix) ? row.webauthn_challenge.slice(prefix.length) : undefined;
  }

  async destroy(session: Session): Promise<void> {
    await this.db('sessions').where({ id_hash: session.idHash }).delete();
  }

  /** The user's live sessions, newest first, for the session list (`current`: the one asking). */
  async listFor(user: Pick<User, 'id' | 'role'>, current: Session): Promise<SessionSummary[]> {
    const now = this.clock.now();
    const rows = (await this.db('sessions')
      .where({ user_id: user.id })
      .andWhere('expires_at', '>', now)
      .andWhere('last_seen_at', '>', now - this.idleMsOf(user))
      .orderBy('created_at', 'desc')) as Array<SessionRow & { client: string | null; agent: string | null }>;
    return rows.map((row) => ({
      handle: handleOf(row.id_hash),
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      client: row.client ?? 'unknown',
      agent: row.agent ?? 'unknown',
      current: row.id_hash === current.idHash,
    }));
  }

  /** Ends one of the user's sessions by its handle (from listFor); false if none of theirs has it. */
  async endFor(userId: number, handle: string): Promise<boolean> {
    const rows = (await this.db('sessions').where({ user_id: userId }).select('id_hash')) as Array<{ id_hash: string }>;
    const row = rows.find((r) => handleOf(r.id_hash) === handle);
    if (!row) return false;
    return (await this.db('sessions').where({ user_id: userId, id_hash: row.id_hash }).delete()) === 1;
  }

  /** Ends every session of the user but this one (after a password change). */
  async destroyOthersFor(userId: number, keep: Session): Promise<number> {
    return this.db('sessions').where({ user_id: userId }).whereNot({ id_hash: keep.idHash }).delete();
  }

  async destroyAllFor(userId: number): Promise<void> {
    await this.db('sessions').where({ user_id: userId }).delete();
  }

  async sweep(): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', this.clock.now()).delete();
  }

  setCookie(res: Response, token: string): void {
    res.cookie(this.cookieName, token, { httpOnly: true, secure: this.secureCookies, sameSite: 'lax', path: '/', maxAge: ABSOLUTE_TTL_MS });
  }

  clearCookie(res: Response): void {
    res.clearCookie(this.cookieName, { httpOnly: true, secure: this.secureCookies, sameSite: 'lax', path: '/' });
  }
}
