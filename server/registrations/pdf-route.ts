// GET /pdf/:token — the voter's (or partner's) expiring link to one registration's PDF.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { NotFound } from '../http/errors.js';
import { LIMITS } from '../http/rate-limit.js';
import { paths } from '../http/paths.js';

export function pdfRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get(paths.pdf(':token'), ctx.limiter.middleware(LIMITS.pdfDownload), async (req, res) => {
    const registrationId = await ctx.links.resolve(String(req.params.token ?? ''));
    const row = await ctx.registrations.store.byId(registrationId);
    if (!row || (row.status !== 'accepted' && row.status !== 'pdf_ready')) throw new NotFound('No such form');
    const { bytes, from } = await ctx.pdfs.bytesFor(row);
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
