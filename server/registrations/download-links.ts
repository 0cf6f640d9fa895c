// PDF links: 256 random bits, stored as a SHA-256, expiring. Nothing personal in the URL.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import { Gone, NotFound } from '../errors.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { SealedColumn } from '../security/reseal.js';
import { isSecretShaped, newSecret, sha256Hex } from '../security/tokens.js';

/** Purge: a registration's links go with its personal data (inside the purge's transaction). */
export async function deleteLinksOf(trx: Knex | Knex.Transaction, registrationId: number): Promise<void> {
  await trx('download_links').where({ registration_id: registrationId }).delete();
}

/** The sealed token, for `rollcall keys reseal` (security/reseal.ts): a compare-and-set. */
export const DOWNLOAD_LINK_SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'download_links',
    column: 'token_sealed',
    key: 'token_hash',
    replace: async (trx, tokenHash, from, to) =>
      (await trx('download_links').where({ token_hash: tokenHash, token_sealed: from }).update({ token_sealed: to })) === 1,
  },
];

export class DownloadLinks {
  /** `cipher` seals each token in its row, so `current` can answer it again; the hash stays the lookup key. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly cipher: FieldCipher,
  ) {}

  async mint(registrationId: number): Promise<{ token: string; expiresAt: number }> {
    const token = newSecret();
    const now = this.clock.now();
    const expiresAt = now + this.ttlMs;
    await this.db('download_links').insert({
      token_hash: sha256Hex(token),
      registration_id: registrationId,
      expires_at: expiresAt,
      created_at: now,
      token_sealed: this.cipher.encrypt(token),
    });
    return { token, expiresAt };
  }

  /**
   * A link for a reader that asks again and again (the API's GET of a registration, polled until
   * the PDF is ready): the newest link while it has at least half its life left, else a new one.
   * So polling writes one row per half TTL at most, not one per request, and never answers a link
   * about to expire.
   */
  async current(registrationId: number): Promise<{ token: string; expiresAt: number }> {
    const fresh = (await this.db('download_links')
      .where({ registration_id: registrationId })
      .whereNotNull('token_sealed')
      .where('expires_at', '>', this.clock.now() + this.ttlMs / 2)
      .orderBy('expires_at', 'desc')
      .first('token_sealed', 'expires_at')) as { token_sealed: string; expires_at: number } | undefined;
    if (fresh) return { token: this.cipher.decrypt(fresh.token_sealed), expiresAt: Number(fresh.expires_at) };
    return this.mint(registrationId);
  }

  /** The registration id a link opens; NotFound for an unknown token, Gone once expired. */
  async resolve(token: string): Promise<number> {
    if (!isSecretShaped(token)) throw new NotFound('No such link');
    const link = (await this.db('download_links')
      .where({ token_hash: sha256Hex(token) })
      .first()) as { registration_id: number; expires_at: number } | undefined;
    if (!link) throw new NotFound('No such link');
    if (Number(link.expires_at) <= this.clock.now()) throw new Gone();
    return link.registration_id;
  }

  /** Expired links are useless; sweep them so the table stays small. */
  async sweep(): Promise<number> {
    return this.db('download_links').where('expires_at', '<=', this.clock.now()).delete();
  }
}
