// Partner logos in storage: the re-encoded PNG under a content-addressed key
// (partner-logos/<partner id>/<sha256>.png), recorded with its sha256 and size in the partner's
// row. The row changes only after storage.put reached its quorum, so a logo the partner was told
// is saved is on the volumes; the old file is deleted only after the row no longer names it.
import { sha256 as sha256Of, type Storage } from '@rollcall/storage';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { paths } from '../paths.js';
import { setPartnerLogo, type Partner } from './partner-records.js';

export const LOGO_KEY_PREFIX = 'partner-logos';
const SHA256 = /^[0-9a-f]{64}$/;

export interface LogoRef {
  url: string;
  width: number;
  height: number;
}

export function logoKey(partnerId: string, sha256: string): string {
  return `${LOGO_KEY_PREFIX}/${partnerId}/${sha256}.png`;
}

/** Where the partner's logo is served, with its size; null without one. */
export function logoOf(partner: Pick<Partner, 'id' | 'logo_sha256' | 'logo_width' | 'logo_height'>): LogoRef | null {
  if (!partner.logo_sha256 || !SHA256.test(partner.logo_sha256)) return null;
  return {
    url: paths.partnerLogo(partner.id, partner.logo_sha256),
    width: Number(partner.logo_width),
    height: Number(partner.logo_height),
  };
}

export class PartnerLogos {
  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  /** Stores a re-encoded PNG as the partner's logo (replacing any older one). */
  async save(partnerId: string, png: Buffer, size: { width: number; height: number }): Promise<void> {
    const sha256 = sha256Of(png);
    const key = logoKey(partnerId, sha256);
    await this.storage.put(key, png);
    const old = await this.currentKey(partnerId);
    await setPartnerLogo(this.db, partnerId, { logo_key: key, logo_sha256: sha256, logo_width: size.width, logo_height: size.height });
    if (old && old !== key) await this.forget(old);
  }

  async remove(partnerId: string): Promise<void> {
    const old = await this.currentKey(partnerId);
    await setPartnerLogo(this.db, partnerId, { logo_key: null, logo_sha256: null, logo_width: null, logo_height: null });
    if (old) await this.forget(old);
  }

  /** The logo's bytes, checked against the sha256 the row records. */
  read(partner: Pick<Partner, 'logo_key' | 'logo_sha256'>): Promise<Buffer> {
    return this.storage.get(partner.logo_key!, partner.logo_sha256!);
  }

  private async currentKey(partnerId: string): Promise<string | null> {
    const row = (await this.db('partners').where({ id: partnerId }).first('logo_key')) as { logo_key: string | null } | undefined;
    return row?.logo_key ?? null;
  }

  /**
   * A file no row names any more. The partner's change is already committed, so a failed delete
   * only leaves an orphan of a few KB behind: logged, not thrown.
   */
  private async forget(key: string): Promise<void> {
    await this.storage
      .delete(key)
      .catch((err: unknown) => this.logger.warn({ key, err: (err as Error).message }, 'old partner logo not deleted'));
  }
}
