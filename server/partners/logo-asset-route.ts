// GET /assets/partner/:id/logo-:sha.png: an active partner's current logo, read through
// storage.get (checksum verified, read-repair). Only the re-encoded PNG is ever stored, and it is
// served as image/png with nosniff, so no browser treats it as anything else. The bytes read are
// kept in memory by sha256 (content-addressed, so never stale; the database check of which logo
// is current still runs on every request): each new voter of a partner's flow would otherwise
// cost a storage read, and on a hung volume its deadline.
import { Router } from 'express';
import { LRUCache } from 'lru-cache';
import { NotFoundInStorage } from '@rollcall/storage';
import { NotFound } from '../errors.js';
import type { PartnerLogos } from './logo-store.js';
import type { Logger } from '../logger.js';
import type { PartnerRecords } from './partner-records.js';
import { paths } from '../paths.js';

const ONE_YEAR_S = 365 * 24 * 3600;
/** Logos are at most 600×200 PNGs (tens of KB); 16 MB holds hundreds of partners' logos. */
const CACHE_BYTES = 16 * 1024 * 1024;

/** What logoAssetRoute uses, and nothing else. */
export interface LogoAssetDeps {
  partners: PartnerRecords;
  logos: PartnerLogos;
  logger: Logger;
}

export function logoAssetRoute({ partners, logos, logger }: LogoAssetDeps): Router {
  const router = Router();
  // Recently served logos by sha256, least recently used dropped first once over CACHE_BYTES.
  const recent = new LRUCache<string, Buffer>({ maxSize: CACHE_BYTES, sizeCalculation: (png) => png.length });
  router.get(paths.partnerLogo(':id', ':sha'), async (req, res) => {
    const partner = await partners.activeById(String(req.params.id));
    // Only the current logo: an old sha, another partner's, or none at all is a 404.
    if (!partner?.logo_key || !partner.logo_sha256 || partner.logo_sha256 !== req.params.sha) throw new NotFound();
    const sha256 = partner.logo_sha256;
    let png = recent.get(sha256);
    if (!png) {
      png = await logos.read(partner).catch((err: unknown) => {
        // Every copy lost (verify reports it): the page shows no image rather than an error.
        if (err instanceof NotFoundInStorage) {
          logger.error({ key: partner.logo_key }, 'partner logo lost on every volume');
          throw new NotFound();
        }
        throw err;
      });
      recent.set(sha256, png);
    }
    res.set({
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': `public, max-age=${ONE_YEAR_S}, immutable`,
      'Content-Disposition': 'inline; filename="logo.png"',
    });
    res.end(png);
  });
  return router;
}
