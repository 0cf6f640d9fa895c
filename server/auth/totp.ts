// The second factor of staff and partner users: TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what every
// authenticator app speaks), through otplib. One instance per side: the issuer names it in the app. Secrets are sealed at rest with the app key (ctx.cipher). A code is accepted
// once: the time step it matched is kept, and a code from that step or an earlier one is refused.
import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { recordTotpStep } from './users.js';
import type { FieldCipher } from '../security/field-cipher.js';

/** One step either side: a phone clock 30 s off still works. */
const TOLERANCE_S = 30;

/** What a code turned out to be. */
export type TotpVerdict = 'ok' | 'invalid' | 'replayed';

export interface Enrolment {
  secret: string;
  uri: string;
  /** The secret sealed, to carry in the enrolment form until the first code proves it. */
  sealed: string;
}

export class Totp {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    /** What the authenticator app shows above the account: 'Rollcall admin', 'Rollcall partner'. */
    private readonly issuer: string,
  ) {}

  newEnrolment(email: string, userId: number, secret: string = generateSecret()): Enrolment {
    const sealed = this.cipher.encrypt(JSON.stringify({ secret, userId, at: this.clock.now() }));
    return { secret, uri: generateURI({ issuer: this.issuer, label: email, secret }), sealed };
  }

  /** Opens an enrolment form's sealed secret; undefined if tampered with, for another user, or older than 30 minutes. */
  openEnrolment(sealed: unknown, userId: number): string | undefined {
    if (typeof sealed !== 'string' || sealed.length > 500) return undefined;
    try {
      const value = JSON.parse(this.cipher.decrypt(sealed)) as { secret: string; userId: number; at: number };
      if (value.userId !== userId || this.clock.now() - value.at > 30 * 60_000) return undefined;
      return value.secret;
    } catch {
      return undefined;
    }
  }

  /** Checks a code against a secret; on success stores the secret (if enrolling) and the step used. */
  async check(userId: number, secret: string, code: unknown, lastStep: number | null, enrol: boolean): Promise<boolean> {
    return (await this.verdict(userId, secret, code, lastStep, enrol)) === 'ok';
  }

  /**
   * `check`, telling a wrong code from a replayed one: 'replayed' is a right code whose time step
   * was already used (a code seen once, over a shoulder or in transit, given again), or one
   * another request used at the same moment (ASVS 2.8.5: the holder is told, auth routes).
   */
  async verdict(userId: number, secret: string, code: unknown, lastStep: number | null, enrol: boolean): Promise<TotpVerdict> {
    const token = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
    if (!/^\d{6}$/.test(token)) return 'invalid';
    const result = await verify({ secret, token, epoch: Math.floor(this.clock.now() / 1000), epochTolerance: TOLERANCE_S }).catch(() => ({
      valid: false as const,
    }));
    if (!result.valid) return 'invalid';
    const step = (result as { timeStep: number }).timeStep;
    if (lastStep !== null && step <= lastStep) return 'replayed';
    return (await recordTotpStep(this.db, userId, lastStep, step, enrol ? this.cipher.encrypt(secret) : undefined)) ? 'ok' : 'replayed';
  }

  secretOf(sealed: string): string {
    return this.cipher.decrypt(sealed);
  }

  /** For tests and the CLI: the current code for a secret. */
  codeFor(secret: string, atMs = this.clock.now()): Promise<string> {
    return generate({ secret, epoch: Math.floor(atMs / 1000) });
  }
}
