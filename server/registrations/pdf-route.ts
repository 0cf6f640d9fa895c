// GET /pdf/:token — the voter's (or partner's) expiring link to one registration's PDF.
import { Router } from 'express';
import { NotFound } from '../errors.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import { paths } from '../paths.js';
import type { DownloadLinks } from './download-links.js';
import type { PdfService } from './pdf-service.js';
import type { RegistrationService } from './service.js';

/** What pdfRoutes uses, and nothing else. */
export interface PdfRouteDeps {
  limiter: RateLimiter;
  links: DownloadLinks;
  registrations: RegistrationService;
  pdfs: PdfService;
}

export function pdfRoutes({ limiter, links, registrations, pdfs }: PdfRouteDeps): Router {
  const router = Router();
  router.get(paths.pdf(':token'), limiter.middleware(LIMITS.pdfDownload), async (req, res) => {
    const registrationId = await links.resolve(String(req.params.token ?? ''));
    const row = await registrations.store.byId(registrationId);
    if (!row || (row.status !== 'accepted' && row.status !== 'pdf_ready')) throw new NotFound('No such form');
    const { bytes, from } = await pdfs.bytesFor(row);
    await registrations.recordDownload(row);
    res
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'inline; filename="voter-registration-form.pdf"',
        'Cache-Control': 'private, no-store',
        'X-Robots-Tag': 'noindex',
        'X-Rollcall-Pdf-Source': from,
      })
      .send(bytes);
  });
  return router;
}
