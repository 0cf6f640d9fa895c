// Accounts that sign in. Login: argon2 verify, a lock-out after repeated failures, and the same
// answer (and about the same time) whether the email exists or not.
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import type { SealedColumn } from '../security/reseal.js';
import { BadRequest } from '../errors.js';
import {
  hashPassword,
  passwordProblem,
  passwordProblemCode,
  verifyAgainstDecoy,
  verifyPassword,
  type PasswordProblem,
} from './passwords.js';

export type Role = 'admin' | 'support' | 'partner';

export interface User {
  id: number;
  email: string;
  role: Role;
  partner_id: string | null;
  totp_secret_enc: string | null;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
}

/** One line of the admin's list of accounts (admin/user-routes.ts). */
export interface UserSummary {
  id: number;
  email: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  /** A second factor is enrolled. */
  secondFactor: boolean;
  disabled: boolean;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** Changing one's own password: why it was refused ('locked': the lock-out's guesses are used up). */
export type PasswordChange = { ok: true } | { ok: false; problem: PasswordProblem | 'wrong_current' | 'locked' };

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * The second factor's bookkeeping (auth/totp.ts checks the code): stores the time step a code
 * matched, and the sealed secret when enrolling. Guarded on the step last stored, so two nodes
 * cannot both accept the same code; false when another request got there first.
 */
export async function recordTotpStep(
  db: Db,
  userId: number,
  lastStep: number | null,
  step: number,
  sealedSecret?: string,
): Promise<boolean> {
  const patch: Record<string, unknown> = { totp_last_step: step };
  if (sealedSecret !== undefined) patch.totp_secret_enc = sealedSecret;
  const updated = await db('users')
    .where({ id: userId })
    .andWhere((q) =>
      lastStep === null ? q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step) : q.where('totp_last_step', lastStep),
    )
    .update(patch);
  return updated === 1;
}

/** The sealed TOTP secret, for `rollcall keys reseal` (security/reseal.ts): a compare-and-set. */
export const USER_SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'users',
    column: 'totp_secret_enc',
    key: 'id',
    replace: async (trx, id, from, to) => (await trx('users').where({ id, totp_secret_enc: from }).update({ totp_secret_enc: to })) === 1,
  },
];

export class Users {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(input: { email: string; password: string; role: Role; partnerId?: string | null }): Promise<User> {
    const problem = passwordProblem(input.password, [input.email]);
    if (problem) throw new BadRequest(`password: ${problem}`);
    if ((input.role === 'partner') !== Boolean(input.partnerId)) throw new BadRequest('partner users, and only they, belong to a partner');
    const email = input.email.trim().toLowerCase();
    const [id] = await this.db('users')
      .insert({
        email,
        password_hash: await hashPassword(input.password),
        role: input.role,
        partner_id: input.partnerId ?? null,
        created_at: this.clock.now(),
      })
      .returning('id');
    return (await this.byId(typeof id === 'object' ? (id as { id: number }).id : (id as number)))!;
  }

  byId(id: number): Promise<User | undefined> {
    return this.db<User>('users').where({ id }).first();
  }

  byEmail(email: string): Promise<User | undefined> {
    return this.db<User>('users').where({ email: email.trim().toLowerCase() }).first();
  }

  /** Every account, staff first, then partner users by partner and address (at most `limit`). */
  async list(limit = 1000): Promise<UserSummary[]> {
    const rows = (await this.db('users')
      .leftJoin('partners', 'partners.id', 'users.partner_id')
      .select('users.id', 'users.email', 'users.role', 'users.partner_id', 'partners.name as partner_name', 'users.disabled_at')
      .select(this.db.raw('CASE WHEN users.totp_secret_enc IS NULL THEN 0 ELSE 1 END AS enrolled'))
      .orderByRaw("CASE WHEN users.role = 'partner' THEN 1 ELSE 0 END")
      .orderBy('partners.name')
      .orderBy('users.email')
      .limit(limit)) as Array<{
      id: number;
      email: string;
      role: Role;
      partner_id: string | null;
      partner_name: string | null;
      disabled_at: number | null;
      enrolled: number | string;
    }>;
    return rows.map((r) => ({
      id: Number(r.id),
      email: r.email,
      role: r.role,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      secondFactor: Number(r.enrolled) === 1,
      disabled: r.disabled_at != null,
    }));
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const row = (await this.db('users').where({ email: email.trim().toLowerCase() }).first()) as
      (User & { password_hash: string }) | undefined;
    if (!row || row.disabled_at) {
      await verifyAgainstDecoy(password);
      return { ok: false, reason: 'invalid' };
    }
    const now = this.clock.now();
    // The guess is counted before the password is checked, in one conditional update: guesses sent
    // in parallel (to one node or several) each take one of the MAX_FAILED_LOGINS places, and
    // those that find none are refused unheard. Counting after argon2 let 30 parallel guesses be
    // judged while the count read by each was still 0.
    if (!(await this.takeGuess(row.id, now))) {
      // A locked account costs the same argon2 run as any other guess, so timing does not tell
      // a locked account from an unknown one or a wrong password.
      await verifyAgainstDecoy(password);
      return { ok: false, reason: 'locked' };
    }
    if (!(await verifyPassword(row.password_hash, password))) {
      const locked = await this.db('users').where({ id: row.id }).andWhere('failed_logins', '>=', MAX_FAILED_LOGINS).first('id');
      return { ok: false, reason: locked ? 'locked' : 'invalid' };
    }
    await this.db('users').where({ id: row.id }).update({ failed_logins: 0, locked_until: null, last_login_at: now });
    const { password_hash: _hash, ...user } = row;
    return { ok: true, user: { ...user, failed_logins: 0, locked_until: null } };
  }

  /**
   * Takes one of the account's guesses: `failed_logins` counts the guesses since the last success
   * (a success sets it back to 0); the one that reaches MAX_FAILED_LOGINS also locks the account
   * for LOCKOUT_MS, after which the count starts again. False, with nothing written, when no guess
   * is left. One UPDATE whose WHERE is re-checked on the row it changes (SQLite writes one at a
   * time; PostgreSQL re-reads a row another transaction changed before updating it), so no two
   * requests take the same place.
   */
  private async takeGuess(userId: number, now: number): Promise<boolean> {
    const lockOver = this.db.raw('(locked_until IS NOT NULL AND locked_until <= ?)', [now]);
    const count = this.db.raw(`CASE WHEN ${lockOver.toQuery()} THEN 1 ELSE failed_logins + 1 END`);
    const taken = await this.db('users')
      .where({ id: userId })
      .andWhere((q) => q.where('failed_logins', '<', MAX_FAILED_LOGINS).orWhereRaw(lockOver.toQuery()))
      .update({
        failed_logins: count,
        locked_until: this.db.raw(`CASE WHEN (${count.toQuery()}) >= ? THEN ? WHEN ${lockOver.toQuery()} THEN NULL ELSE locked_until END`, [
          MAX_FAILED_LOGINS,
          now + LOCKOUT_MS,
        ]),
      });
    return taken === 1;
  }

  /**
   * A signed-in user changes their own password: the new one must meet the rules, and the current
   * one is checked like a sign-in guess (it takes a place of the lock-out's, so a stolen session
   * cannot try passwords faster than the sign-in form).
   */
  async changePassword(userId: number, current: string, next: string): Promise<PasswordChange> {
    const row = (await this.db('users').where({ id: userId }).first('password_hash', 'email')) as
      { password_hash: string; email: string } | undefined;
    if (!row) return { ok: false, problem: 'wrong_current' };
    const problem = passwordProblemCode(next, [row.email]);
    if (problem) return { ok: false, problem };
    if (!(await this.takeGuess(userId, this.clock.now()))) {
      await verifyAgainstDecoy(current);
      return { ok: false, problem: 'locked' };
    }
    if (!(await verifyPassword(row.password_hash, current))) return { ok: false, problem: 'wrong_current' };
    await this.setPassword(userId, next);
    return { ok: true };
  }

  /**
   * Forgets the user's TOTP secret and the last step used, so the next sign-in enrols again.
   * True when there was one. Called only by resetSecondFactor (auth/second-factor.ts), which
   * clears every kind of second factor.
   */
  async clearTotp(userId: number): Promise<boolean> {
    const cleared = await this.db('users')
      .where({ id: userId })
      .whereNotNull('totp_secret_enc')
      .update({ totp_secret_enc: null, totp_last_step: null });
    return cleared === 1;
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new BadRequest(`password: ${problem}`);
    await this.db('users')
      .where({ id: userId })
      .update({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null });
  }
}
