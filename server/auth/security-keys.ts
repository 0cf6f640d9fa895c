// Security keys and passkeys (WebAuthn, through @simplewebauthn/server) as a second factor for
// staff and partner users, beside TOTP (auth/totp.ts). The relying party is BASE_URL: its host is
// the rpID, the URL's origin the only expected origin. Each ceremony's challenge is kept in the
// session row (Sessions.setChallenge), used once, for CHALLENGE_TTL_MS. A sign-in is accepted when
// the challenge, origin, rpID and signature check out, the credential is one of this user's, and
// the signature counter went up (or stays 0, for passkeys that do not count). No attestation is
// asked for ('none'): the key proves possession, not its maker. This module owns
// webauthn_credentials; deleteAllSecurityKeys is the one way to clear a user's keys (an admin's
// "reset a lost second factor").
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Session, Sessions } from './sessions.js';
import type { User } from './users.js';

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** A user's keys at most (each is a row to check at sign-in; ten is more than anyone carries). */
export const MAX_KEYS = 10;
export const MAX_KEY_NAME = 60;
/** A browser's answer larger than this is refused before it is parsed. */
export const MAX_RESPONSE_CHARS = 20_000;

const REGISTER = 'register';
const SIGN_IN = 'sign-in';
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** One key as its owner sees it in the list. */
export interface SecurityKey {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

interface CredentialRow {
  id: number;
  user_id: number;
  credential_id: string;
  public_key: string;
  counter: number | string;
  transports: string;
  name: string;
  created_at: number | string;
  last_used_at: number | string | null;
}

export type AddResult = { ok: true; id: number } | { ok: false; reason: 'no_challenge' | 'invalid' | 'duplicate' | 'too_many' };
export type SignInResult = { ok: true; keyId: number } | { ok: false; reason: 'no_challenge' | 'invalid' };

/** The relying party of a deployment: BASE_URL's host is the rpID, its origin the expected origin. */
export function relyingPartyOf(baseUrl: string): { rpID: string; origin: string } {
  const url = new URL(baseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** A browser's JSON answer from a form field, or undefined when it is not one. */
export function parseResponse(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RESPONSE_CHARS) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const transportsOf = (stored: string): AuthenticatorTransportFuture[] =>
  stored.split(',').filter((t) => TRANSPORTS.has(t)) as AuthenticatorTransportFuture[];

/** Clears every security key of a user (an admin resetting a lost second factor); the number removed. */
export async function deleteAllSecurityKeys(db: Db, userId: number): Promise<number> {
  return db('webauthn_credentials').where({ user_id: userId }).delete();
}

export class SecurityKeys {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    baseUrl: string,
    /** What the browser shows as the site: 'Rollcall admin', 'Rollcall partner'. */
    private readonly rpName: string,
  ) {
    ({ rpID: this.rpID, origin: this.origin } = relyingPartyOf(baseUrl));
  }

  private rows(userId: number): Promise<CredentialRow[]> {
    return this.db('webauthn_credentials').where({ user_id: userId }).orderBy('id') as Promise<CredentialRow[]>;
  }

  async list(userId: number): Promise<SecurityKey[]> {
    return (await this.rows(userId)).map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: Number(r.created_at),
      lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    }));
  }

  async count(userId: number): Promise<number> {
    const row = (await this.db('webauthn_credentials').where({ user_id: userId }).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  }

  /** Options for adding a key (the browser's navigator.credentials.create); the challenge goes into the session. */
  async registrationOptions(user: Pick<User, 'id' | 'email'>, session: Session): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.rows(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.rpName,
      rpID: this.rpID,
      userName: user.email,
      // A stable, opaque handle (no email inside): the same user id gets the same handle.
      userID: new TextEncoder().encode(`rollcall-user-${user.id}`),
      attestationType: 'none',
      excludeCredentials: existing.map((r) => ({ id: r.credential_id, transports: transportsOf(r.transports) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      timeout: CHALLENGE_TTL_MS,
    });
    await this.sessions.setChallenge(session, REGISTER, options.challenge, this.clock.now() + CHALLENGE_TTL_MS);
    return options;
  }

  /** Checks the browser's answer against the session's challenge and stores the new key. */
  async add(userId: number, session: Session, response: unknown, name: string): Promise<AddResult> {
    const expectedChallenge = await this.sessions.takeChallenge(session, REGISTER);
    if (!expectedChallenge) return { ok: false, reason: 'no_challenge' };
    let info;
    try {
      const verification = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: false,
      });
      if (!verification.verified) return { ok: false, reason: 'invalid' };
      info = verification.registrationInfo;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const { credential } = info;
    if (await this.db('webauthn_credentials').where({ credential_id: credential.id }).first('id'))
      return { ok: false, reason: 'duplicate' };
    if ((await this.count(userId)) >= MAX_KEYS) return { ok: false, reason: 'too_many' };
    const [id] = await this.db('webauthn_credentials')
      .insert({
        user_id: userId,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: (credential.transports ?? []).filter((t) => TRANSPORTS.has(t)).join(','),
        name: name.slice(0, MAX_KEY_NAME),
        created_at: this.clock.now(),
      })
      .returning('id');
    return { ok: true, id: typeof id === 'object' ? (id as { id: number }).id : (id as number) };
  }

  /** Options for signing in (navigator.credentials.get) with one of the user's keys; undefined if they have none. */
  async signInOptions(userId: number, session: Session): Promise<PublicKeyCredentialRequestOptionsJSON | undefined> {
    const rows = await this.rows(userId);
    if (rows.length === 0) return undefined;
    const options = await generateAuthenticationOptions({
      rpID: this.rpID,
      allowCredentials: rows.map((r) => ({ id: r.credential_id, transports: transportsOf(r.transports) })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_MS,
    });
    await this.sessions.setChallenge(session, SIGN_IN, options.challenge, this.clock.now() + CHALLENGE_TTL_MS);
    return options;
  }

  /**
   * Checks a sign-in answer: the session's challenge (taken, so never twice), origin, rpID, the
   * signature with the stored key of one of THIS user's credentials, and a counter that went up.
   * On success the new counter is stored, guarded on the old one (two nodes cannot both accept).
   */
  async verifySignIn(userId: number, session: Session, response: unknown): Promise<SignInResult> {
    const expectedChallenge = await this.sessions.takeChallenge(session, SIGN_IN);
    if (!expectedChallenge) return { ok: false, reason: 'no_challenge' };
    const credentialId = (response as { id?: unknown } | undefined)?.id;
    if (typeof credentialId !== 'string') return { ok: false, reason: 'invalid' };
    const row = (await this.db('webauthn_credentials').where({ user_id: userId, credential_id: credentialId }).first()) as
      CredentialRow | undefined;
    if (!row) return { ok: false, reason: 'invalid' };
    const counter = Number(row.counter);
    let newCounter: number;
    try {
      const verification = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: {
          id: row.credential_id,
          publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
          counter,
          transports: transportsOf(row.transports),
        },
        requireUserVerification: false,
      });
      if (!verification.verified) return { ok: false, reason: 'invalid' };
      newCounter = verification.authenticationInfo.newCounter;
    } catch {
      // A bad signature, another origin or rpID, a counter that did not go up: all refused alike.
      return { ok: false, reason: 'invalid' };
    }
    const updated = await this.db('webauthn_credentials')
      .where({ id: row.id, counter })
      .update({ counter: newCounter, last_used_at: this.clock.now() });
    return updated === 1 ? { ok: true, keyId: row.id } : { ok: false, reason: 'invalid' };
  }

  /** Renames one of the user's keys; false if none of theirs has that id. */
  async rename(userId: number, keyId: number, name: string): Promise<boolean> {
    return (
      (await this.db('webauthn_credentials')
        .where({ id: keyId, user_id: userId })
        .update({ name: name.slice(0, MAX_KEY_NAME) })) === 1
    );
  }

  /**
   * Removes one of the user's keys. Refused ('last') when it is their only second factor: no TOTP
   * secret and no other key (every staff and partner user must keep one).
   */
  async remove(user: Pick<User, 'id' | 'totp_secret_enc'>, keyId: number): Promise<'removed' | 'not_found' | 'last'> {
    const rows = await this.rows(user.id);
    if (!rows.some((r) => r.id === keyId)) return 'not_found';
    if (!user.totp_secret_enc && rows.length === 1) return 'last';
    const removed = await this.db('webauthn_credentials').where({ id: keyId, user_id: user.id }).delete();
    return removed === 1 ? 'removed' : 'not_found';
  }

  /** Clears every key of the user (see deleteAllSecurityKeys). */
  deleteAll(userId: number): Promise<number> {
    return deleteAllSecurityKeys(this.db, userId);
  }
}
