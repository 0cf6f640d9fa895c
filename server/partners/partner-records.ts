// Partners and their API keys: the one module that writes the `partners` and `api_keys` tables.
// A key is shown once at creation; only its SHA-256 is kept. Services that keep a partner setting
// of their own (the logo's storage key, the webhook target) write it through the functions below.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import type { SealedColumn } from '../security/reseal.js';
import { newSecret, newUid, sha256Hex } from '../security/tokens.js';

export interface Partner {
  id: string;
  name: string;
  email: string | null;
  status: 'active' | 'disabled';
  created_at: number;
  /** JSON array of the origins allowed to frame the voter flow for this partner. */
  allowed_origins: string;
  brand_primary?: string | null;
  brand_secondary?: string | null;
  intro_en?: string | null;
  intro_es?: string | null;
  /** The re-encoded logo PNG in storage (logo-store.ts), its sha256 and size; null without a logo. */
  logo_key?: string | null;
  logo_sha256?: string | null;
  logo_width?: number | null;
  logo_height?: number | null;
  /** The eligibility step and the API accept a voter without an email address (0/1 on SQLite); read with voterMailSettingsOf. */
  voter_email_optional?: boolean | number;
  /** Rollcall emails this partner's voters (0/1 on SQLite); off: the partner has its own mail programme. */
  voter_mail_enabled?: boolean | number;
}

/** What a partner decided about mail to its voters (the portal's widget page). */
export interface VoterMailSettings {
  /** A voter may leave the email address out (the default: required). */
  emailOptional: boolean;
  /** Rollcall sends mail to the partner's voters (the default: yes). */
  voterMail: boolean;
}

/** The settings of `partner`, or the defaults without one (email required, mail on). */
export function voterMailSettingsOf(partner: Pick<Partner, 'voter_email_optional' | 'voter_mail_enabled'> | undefined): VoterMailSettings {
  return {
    emailOptional: Boolean(partner?.voter_email_optional ?? false),
    voterMail: Boolean(partner?.voter_mail_enabled ?? true),
  };
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  key_prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type PartnerStatus = 'pending' | 'active' | 'disabled';

/** The portal's branding form: colours and introductions (null clears one). */
export interface PartnerBranding {
  brand_primary: string | null;
  brand_secondary: string | null;
  intro_en: string | null;
  intro_es: string | null;
}

/** The partner's logo as stored (logo-store.ts): its key, sha256 and size; all null without one. */
export interface PartnerLogoColumns {
  logo_key: string | null;
  logo_sha256: string | null;
  logo_width: number | null;
  logo_height: number | null;
}

/** The partner's webhook target; the sealed secret changes only when a new one is issued. */
export interface PartnerWebhookColumns {
  webhook_url: string | null;
  webhook_secret_enc?: string;
}

export async function setPartnerLogo(db: Knex, partnerId: string, logo: PartnerLogoColumns): Promise<void> {
  await db('partners').where({ id: partnerId }).update(logo);
}

export async function setPartnerWebhook(db: Knex, partnerId: string, webhook: PartnerWebhookColumns): Promise<void> {
  await db('partners').where({ id: partnerId }).update(webhook);
}

/** The sealed webhook secret, for `rollcall keys reseal` (security/reseal.ts): a compare-and-set. */
export const PARTNER_SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'partners',
    column: 'webhook_secret_enc',
    key: 'id',
    replace: async (trx, id, from, to) =>
      (await trx('partners').where({ id, webhook_secret_enc: from }).update({ webhook_secret_enc: to })) === 1,
  },
];

const KEY_PREFIX = 'rc_';
const PARTNER_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class PartnerRecords {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(name: string, email: string | null): Promise<{ partner: Partner; apiKey: string }> {
    const partner: Partner = { id: newUid(), name, email, status: 'active', created_at: this.clock.now(), allowed_origins: '[]' };
    const apiKey = await this.db.transaction(async (trx) => {
      await trx('partners').insert(partner);
      return this.insertKey(trx, partner.id, 'default');
    });
    return { partner, apiKey };
  }

  byId(id: string): Promise<Partner | undefined> {
    return this.db<Partner>('partners').where({ id }).first();
  }

  /** An active partner, for the public widget and links (a disabled partner's link is a plain, unbranded flow). */
  async activeById(id: unknown): Promise<Partner | undefined> {
    if (typeof id !== 'string' || !PARTNER_ID.test(id)) return undefined;
    const partner = await this.byId(id);
    return partner?.status === 'active' ? partner : undefined;
  }

  /** Replaces the origins allowed to frame this partner's flow (each already checked by parseOrigin). */
  async setOrigins(partnerId: string, origins: string[]): Promise<void> {
    await this.db('partners')
      .where({ id: partnerId })
      .update({ allowed_origins: JSON.stringify(origins) });
  }

  async setStatus(id: string, status: PartnerStatus): Promise<boolean> {
    return (await this.db('partners').where({ id }).update({ status })) === 1;
  }

  async setVoterMailSettings(partnerId: string, settings: VoterMailSettings): Promise<void> {
    await this.db('partners')
      .where({ id: partnerId })
      .update({ voter_email_optional: settings.emailOptional, voter_mail_enabled: settings.voterMail });
  }

  async setBranding(partnerId: string, branding: PartnerBranding): Promise<void> {
    await this.db('partners').where({ id: partnerId }).update(branding);
  }

  /** Revokes every live key of the partner and issues one new key, shown once. */
  async rotateKeys(partnerId: string): Promise<string> {
    const apiKey = `rc_${newSecret()}`;
    const now = this.clock.now();
    await this.db.transaction(async (trx) => {
      await trx('api_keys').where({ partner_id: partnerId }).whereNull('revoked_at').update({ revoked_at: now });
      await trx('api_keys').insert({
        partner_id: partnerId,
        name: `rotated ${new Date(now).toISOString().slice(0, 10)}`,
        key_hash: sha256Hex(apiKey),
        key_prefix: apiKey.slice(0, 10),
        created_at: now,
      });
    });
    return apiKey;
  }

  /** The active partner owning this key, or undefined. Records the key's last use. */
  async authenticate(apiKey: string): Promise<Partner | undefined> {
    if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 100) return undefined;
    const row = (await this.db('api_keys as k')
      .join('partners as p', 'p.id', 'k.partner_id')
      .where({ 'k.key_hash': sha256Hex(apiKey) })
      .whereNull('k.revoked_at')
      .andWhere('p.status', 'active')
      .first('p.*', 'k.id as key_id', 'k.last_used_at as key_last_used_at')) as
      (Partner & { key_id: number; key_last_used_at: number | null }) | undefined;
    if (!row) return undefined;
    // "Last use" to the minute: writing it on every request cost one more fsync per registration
    // (SQLite) and made every node update the same row (PostgreSQL).
    const now = this.clock.now();
    if (row.key_last_used_at === null || now - Number(row.key_last_used_at) > 60_000) {
      await this.db('api_keys').where({ id: row.key_id }).update({ last_used_at: now });
    }
    const { key_id: _keyId, key_last_used_at: _lastUsed, ...partner } = row;
    return partner;
  }

  /** This partner's keys (never the hash), newest first. */
  listKeys(partnerId: string): Promise<ApiKeyInfo[]> {
    return this.db('api_keys')
      .select('id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at')
      .where({ partner_id: partnerId })
      .orderBy('id', 'desc')
      .limit(100);
  }

  /** A new key for this partner: returned once, only its SHA-256 kept. */
  createKey(partnerId: string, name: string): Promise<string> {
    return this.insertKey(this.db, partnerId, name);
  }

  /** Revokes one of this partner's keys; false when the key is not theirs (or already revoked). */
  async revokeKey(partnerId: string, keyId: number): Promise<boolean> {
    return (
      (await this.db('api_keys')
        .where({ id: keyId, partner_id: partnerId })
        .whereNull('revoked_at')
        .update({ revoked_at: this.clock.now() })) === 1
    );
  }

  private async insertKey(trx: Db, partnerId: string, name: string): Promise<string> {
    const apiKey = KEY_PREFIX + newSecret();
    await trx('api_keys').insert({
      partner_id: partnerId,
      name,
      key_hash: sha256Hex(apiKey),
      key_prefix: apiKey.slice(0, 10),
      created_at: this.clock.now(),
    });
    return apiKey;
  }
}
