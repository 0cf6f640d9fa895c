// POST/GET /api/v1/registrations: the partner's door to the same pipeline as the web flow.
import { Router } from 'express';
import { NotFound, ValidationFailed, type FieldError } from '../errors.js';
import { paths } from '../paths.js';
import type { Answers } from '../registrations/answers.js';
import { normalizeAnswers } from '../registrations/field-rules.js';
import type { Created, RegistrationService } from '../registrations/service.js';
import { ID_FIELDS, type IdField } from '../states/index.js';
import { partnerOf, requirePartner } from './bearer.js';
import { idempotencyKeyOf, REPLAYED_HEADER } from './idempotency-header.js';
import { operations, reply, routePath } from './operations.js';
import {
  createRegistrationBody,
  createRegistrationBodyEmailRequired,
  listRegistrationsQuery,
  registrationPathParams,
  zodFieldErrors,
} from './schemas.js';
import type { DownloadLinks } from '../registrations/download-links.js';
import type { Metrics } from '../http/metrics.js';
import { voterMailSettingsOf, type PartnerRecords } from '../partners/partner-records.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { partnerMaySeeForm } from '../partners/partner-access.js';

/** What registrationsApi uses, and nothing else. */
export interface RegistrationsApiDeps {
  partners: PartnerRecords;
  limiter: RateLimiter;
  registrations: RegistrationService;
  links: DownloadLinks;
  metrics: Metrics;
  baseUrl: string;
}

export function registrationsApi({ partners, limiter, registrations, links, metrics, baseUrl }: RegistrationsApiDeps): Router {
  const router = Router();
  router.use(paths.api.registrations, requirePartner(partners, limiter));

  router.post(routePath(operations.createRegistration), async (req, res) => {
    const idempotencyKey = idempotencyKeyOf(req);
    const partner = partnerOf(res);
    // The partner's settings (portal, Widget page): is the email optional, does Rollcall email the voter.
    const settings = voterMailSettingsOf(partner);
    const schema = settings.emailOptional ? createRegistrationBody : createRegistrationBodyEmailRequired;
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationFailed(zodFieldErrors(parsed.error));
    // The same reading as the web form's: NFC, trimmed (" Maria" is Maria on the PDF and in the search).
    const { lang, idNumber, source, tracking, send_voter_email: sendVoterEmail, ...fields } = normalizeAnswers(parsed.data);
    const answers: Answers = { ...fields, zip: fields.homeAddress.zip } as Answers;
    let created: Created;
    try {
      const request = idempotencyKey === undefined ? undefined : { key: idempotencyKey, body: req.body as unknown };
      // The request's own choice of mail wins over the partner's default.
      created = await registrations.createComplete('api', lang, answers, idNumber, { partnerId: partner.id, source, tracking }, request, {
        emailOptional: settings.emailOptional,
        voterMail: sendVoterEmail ?? settings.voterMail,
      });
    } catch (err) {
      // The API has no separate ZIP question: its ZIP problems are homeAddress.zip's. Its ID
      // number is one field, so the web form's ID fields are all `idNumber` (and so is "choose
      // an identifier" when the client sent no idType).
      if (err instanceof ValidationFailed)
        throw new ValidationFailed(err.fields.filter((f) => f.path !== 'zip').map((f) => apiIdField(f, fields.idType !== undefined)));
      throw err;
    }
    const { row, replayed } = created;
    // A replay answers exactly what the first request was answered, marked as a replay.
    if (replayed) res.set(REPLAYED_HEADER, 'true');
    else metrics.registrationsAccepted.inc({ channel: 'api' });
    res.location(paths.api.registration(row.uid));
    reply(res, operations.createRegistration, 201, {
      id: row.uid,
      status: 'accepted',
      statusUrl: absolute(baseUrl, paths.api.registration(row.uid)),
    });
  });

  // The caller's completed registrations, oldest first, in pages; the cursor is the last row's
  // internal id (opaque to callers), so pages never skip or repeat while new rows arrive.
  router.get(routePath(operations.listRegistrations), async (req, res) => {
    const parsed = listRegistrationsQuery.safeParse(req.query);
    if (!parsed.success) throw new ValidationFailed(zodFieldErrors(parsed.error));
    const { since, until, cursor, limit } = parsed.data;
    const after = cursor ? Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10) : 0;
    if (!Number.isSafeInteger(after) || after < 0)
      throw new ValidationFailed([{ path: 'cursor', code: 'invalid', message: 'cursor: not a cursor from this API' }]);
    const rows = await registrations.store.completedForPartner(partnerOf(res).id, {
      after,
      limit,
      since: since ? Date.parse(since) : undefined,
      until: until ? Date.parse(until) : undefined,
    });
    const page = rows.slice(0, limit);
    reply(res, operations.listRegistrations, 200, {
      data: page.map((r) => ({
        id: r.uid,
        status: r.status as 'accepted' | 'pdf_ready',
        channel: r.channel,
        lang: r.lang,
        state: r.state_code,
        source: r.source,
        tracking: r.tracking,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        submittedAt: new Date(Number(r.submitted_at)).toISOString(),
      })),
      nextCursor: rows.length > limit ? Buffer.from(String(page[page.length - 1]!.id)).toString('base64url') : null,
    });
  });

  router.get(routePath(operations.getRegistration), async (req, res) => {
    const params = registrationPathParams.safeParse(req.params);
    const row = params.success ? await registrations.store.byUid(params.data.id) : undefined;
    // Another partner's registration is indistinguishable from one that does not exist.
    if (!row || row.partner_id !== partnerOf(res).id || row.status === 'in_progress' || row.status === 'purged')
      throw new NotFound('No such registration');
    let pdfUrl: string | null = null;
    if (row.status === 'pdf_ready' && partnerMaySeeForm(row)) pdfUrl = absolute(baseUrl, paths.pdf((await links.current(row.id)).token));
    reply(res, operations.getRegistration, 200, {
      id: row.uid,
      status: row.status,
      pdfUrl,
      createdAt: new Date(Number(row.created_at)).toISOString(),
    });
  });

  return router;
}

function apiIdField(f: FieldError, sentIdType: boolean): FieldError {
  const web = f.path as IdField;
  if (web !== ID_FIELDS.stateId && web !== ID_FIELDS.ssnLast4 && web !== ID_FIELDS.ssnFull && (web !== ID_FIELDS.type || sentIdType))
    return f;
  return { ...f, path: 'idNumber', message: `idNumber: ${f.message}` };
}

function absolute(baseUrl: string, path: string): string {
  return baseUrl + path;
}
