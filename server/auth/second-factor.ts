// Resetting a user's second factor: what an admin does for a user who lost it (a new phone), and
// how one believed stolen is revoked (ASVS 2.5.7, 2.8.6). The next sign-in enrols again, and every
// session of the user ends, so whoever held the factor (or a session opened with it) is out.
import type { SecurityKeys } from './security-keys.js';
import type { Sessions } from './sessions.js';
import type { Users } from './users.js';

export interface SecondFactorReset {
  /** A second factor was enrolled and is now gone (false: there was none; nothing was changed). */
  cleared: boolean;
}

/**
 * Clears EVERY kind of second factor the user holds, then ends all their sessions. Each kind must
 * be cleared here (a new kind adds its one line below, calling the module that owns its table), so
 * that a reset never leaves a factor behind.
 */
export async function resetSecondFactor(
  {
    users,
    sessions,
    securityKeys,
  }: { users: Pick<Users, 'clearTotp'>; sessions: Pick<Sessions, 'destroyAllFor'>; securityKeys: Pick<SecurityKeys, 'deleteAll'> },
  userId: number,
): Promise<SecondFactorReset> {
  let cleared = false;
  cleared = (await users.clearTotp(userId)) || cleared;
  cleared = (await securityKeys.deleteAll(userId)) > 0 || cleared;
  if (cleared) await sessions.destroyAllFor(userId);
  return { cleared };
}
