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
    const token = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
    if (!/^\d{6}$/.test(token)) return false;
    const result = await verify({ secret, token, epoch: Math.floor(this.clock.now() / 1000), epochTolerance: TOLERANCE_S }).catch(() => ({
      valid: false as const,
    }));
    if (!result.valid) return false;
    const step = (result as { timeStep: number }).timeStep;
    if (lastStep !== null && step <= lastStep) return false; // replayed
    return recordTotpStep(this.db, userId, lastStep, step, enrol ? this.cipher.encrypt(secret) : undefined);
  }

  secretOf(sealed: string): string {
    return this.cipher.decrypt(sealed);
  }

  /** For tests and the CLI: the current code for a secret. */
  codeFor(secret: string, atMs = this.clock.now()): Promise<string> {
    return generate({ secret, epoch: Math.floor(atMs / 1000) });
  }
}
