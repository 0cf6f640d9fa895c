// Idempotency keys for the API's create. A client that did not get an answer (a node killed
// mid-request, a reset connection, a 503) retries with the same Idempotency-Key and gets the
// registration its first request made, never a second one. The key's row is written in the
// transaction that accepts the registration (registrations/service.ts), so the two commit or
// vanish together; the (partner, key hash) primary key settles two concurrent requests.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { sha256Hex } from '../security/tokens.js';

/** A request's claim on a key: whose key, which key (hashed), and what was asked (fingerprint). */
export interface IdempotencyClaim {
  partnerId: string;
  keyHash: string;
  fingerprint: string;
  /** The same request's fingerprint under APP_KEY_PREVIOUS: a retry across a key rotation still matches. */
  previousFingerprints: string[];
}

/** The registration a key already points to, and the fingerprint of the request that made it. */
export interface PriorRequest {
  registrationId: number;
  fingerprint: string;
}

type Runner = Knex | Knex.Transaction;

/** Purge: a key's fingerprint is derived from the personal data, so the key goes with it (inside the purge's transaction). */
export async function deleteIdempotencyKeysOf(trx: Runner, registrationId: number): Promise<void> {
  await trx('idempotency_keys').where({ registration_id: registrationId }).delete();
}

export class IdempotencyKeys {
  /**
   * The fingerprint is an HMAC, not a bare sha256 of the body: the body holds the ID number, which
   * is sealed at rest, and the other fields sit in plain text next to it, so a plain hash would
   * let anyone with a database copy guess a short ID number (the last four SSN digits) offline.
   */
  constructor(
    private readonly fingerprintKey: Buffer,
    /** fingerprintKeyFrom(each APP_KEY_PREVIOUS): during a key rotation a retry still matches its first request. */
    private readonly previousFingerprintKeys: readonly Buffer[] = [],
  ) {}

  claim(partnerId: string, key: string, body: unknown): IdempotencyClaim {
    const canonical = canonicalJson(body);
    const fingerprintUnder = (k: Buffer) => crypto.createHmac('sha256', k).update(canonical).digest('hex');
    return {
      partnerId,
      keyHash: sha256Hex(key),
      fingerprint: fingerprintUnder(this.fingerprintKey),
      previousFingerprints: this.previousFingerprintKeys.map(fingerprintUnder),
    };
  }

  /** Whether a key's first request (its stored fingerprint) asked what this claim asks. */
  sameRequest(claim: IdempotencyClaim, prior: PriorRequest): boolean {
    return prior.fingerprint === claim.fingerprint || claim.previousFingerprints.includes(prior.fingerprint);
  }

  async find(trx: Runner, claim: IdempotencyClaim): Promise<PriorRequest | undefined> {
    const row = (await trx('idempotency_keys')
      .select('registration_id', 'fingerprint')
      .where({ partner_id: claim.partnerId, key_hash: claim.keyHash })
      .first()) as { registration_id: number; fingerprint: string } | undefined;
    return row ? { registrationId: Number(row.registration_id), fingerprint: row.fingerprint } : undefined;
  }

  async record(trx: Runner, claim: IdempotencyClaim, registrationId: number, now: number): Promise<void> {
    await trx('idempotency_keys').insert({
      partner_id: claim.partnerId,
      key_hash: claim.keyHash,
      registration_id: registrationId,
      fingerprint: claim.fingerprint,
      created_at: now,
    });
  }

  /** The key was taken by a concurrent request that committed first (its primary key). */
  isKeyTaken(err: unknown): boolean {
    const e = err as { code?: string; constraint?: string; message?: string };
    if (e?.code === '23505') return e.constraint === 'idempotency_keys_pkey';
    return typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && (e.message ?? '').includes('idempotency_keys.');
  }
}

/** The fingerprint key, derived from APP_KEY (the same on every node, so any node recognises a replay). */
export function fingerprintKeyFrom(appKey: Buffer): Buffer {
  return crypto.createHmac('sha256', appKey).update('rollcall idempotency fingerprint v1').digest();
}

/** JSON with object keys sorted at every depth: the same request body, however its keys were ordered. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
