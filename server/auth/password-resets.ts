// Password reset by a link: a 256-bit random token of which only the SHA-256 is stored, usable
// once, for RESET_TTL_MS. Setting the password through it ends every session of that user (a
// thief signed in with the old password is thrown out). Nothing here knows about partners or
// mail: the partner routes decide who may ask and send the message; the admin side can reuse it.
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { isSecretShaped, newSecret, sha256Hex } from '../security/tokens.js';
import { passwordProblemCode, type PasswordProblem } from './passwords.js';
import type { Sessions } from './sessions.js';
import type { Users } from './users.js';

export const RESET_TTL_MS = 30 * 60_000;

export type ResetResult =
  | { ok: true; userId: number }
  | { ok: false; reason: 'invalid_link' }
  | { ok: false; reason: 'weak_password'; problem: PasswordProblem; email: string };

export class PasswordResets {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: Users,
    private readonly sessions: Sessions,
  ) {}

  /** A new link token for the user; their older unused links stop working. */
  async issue(userId: number): Promise<string> {
    const token = newSecret();
    const now = this.clock.now();
    await this.db.transaction(async (trx) => {
      await trx('password_resets').where({ user_id: userId }).whereNull('used_at').delete();
      await trx('password_resets').insert({
        token_hash: sha256Hex(token),
        user_id: userId,
        created_at: now,
        expires_at: now + RESET_TTL_MS,
      });
    });
    return token;
  }

  /** Whether the token is a live link (to show the form, or an "ask again" page). */
  async isLive(token: string): Promise<boolean> {
    return (await this.liveRow(token)) !== undefined;
  }

  /**
   * Sets the password through the link. The link is spent first, in one conditional update, so
   * two concurrent submissions cannot both use it.
   */
  async complete(token: string, password: string): Promise<ResetResult> {
    const row = await this.liveRow(token);
    if (!row) return { ok: false, reason: 'invalid_link' };
    const problem = passwordProblemCode(password, [row.email]);
    if (problem) return { ok: false, reason: 'weak_password', problem, email: row.email };
    const now = this.clock.now();
    const spent = await this.db('password_resets')
      .where({ token_hash: row.token_hash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .update({ used_at: now });
    if (spent !== 1) return { ok: false, reason: 'invalid_link' };
    await this.users.setPassword(row.user_id, password);
    await this.sessions.destroyAllFor(row.user_id);
    return { ok: true, userId: row.user_id };
  }

  async sweep(): Promise<number> {
    return this.db('password_resets').where('expires_at', '<=', this.clock.now()).delete();
  }

  /** The account a live link is for: its email address feeds the strength meter (a password made of it is weak). */
  async emailOf(token: string): Promise<string | undefined> {
    return (await this.liveRow(token))?.email;
  }

  private async liveRow(token: string): Promise<{ token_hash: string; user_id: number; email: string } | undefined> {
    if (!isSecretShaped(token)) return undefined;
    const row = (await this.db('password_resets')
      .where({ token_hash: sha256Hex(token) })
      .whereNull('used_at')
      .andWhere('expires_at', '>', this.clock.now())
      .first('token_hash', 'user_id')) as { token_hash: string; user_id: number } | undefined;
    if (!row) return undefined;
    const user = (await this.db('users').where({ id: row.user_id }).whereNull('disabled_at').first('id', 'email')) as
      { id: number; email: string } | undefined;
    return user ? { token_hash: row.token_hash, user_id: Number(row.user_id), email: user.email } : undefined;
  }
}
