// Partner webhooks: `registration.completed` and `registration.pdf_ready`, POSTed as JSON with
// an HMAC-SHA256 signature, through the job queue (retried with its backoff), logged per delivery.
//
// Where events come from: the render_pdf job exists from the very commit that accepts a
// registration, so wrapping its handler (see `aroundRender`) loses nothing: `completed` is queued
// when a worker first takes the render job (seconds after the accept), `pdf_ready` in the same
// transaction that marks the PDF ready. Each (registration, event) is queued at most once.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Job, JobQueue } from '../jobs/queue.js';
import type { JobHandler, JobResult } from '../jobs/runner.js';
import type { Logger } from '../logger.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { NonPublicAddress } from '../security/public-address.js';
import { newSecret } from '../security/tokens.js';
import { setPartnerWebhook, type PartnerWebhookColumns } from './partner-records.js';
import { postWebhook } from './webhook-http.js';
import { parseWebhookUrl, type WebhookRules } from './webhook-target.js';

export type WebhookEvent = 'registration.completed' | 'registration.pdf_ready';
export const WEBHOOK_MAX_ATTEMPTS = 12; // backoff 1 s … 10 min: about 25 minutes in all
export const SIGNATURE_HEADER = 'X-Rollcall-Signature';
const TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe does: the timestamp stops replays. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface DeliveryRow {
  id: number;
  partner_id: string;
  registration_id: number;
  event: WebhookEvent;
  url: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

export class Webhooks {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOW_PRIVATE (both off in production). */
    private readonly rules: WebhookRules,
  ) {}

  /** Sets the partner's URL (null: none); a new signing secret when asked or when there is none. Returns a new secret, once. */
  async configure(partnerId: string, url: string | null, rotateSecret: boolean): Promise<string | null> {
    const row = await this.db('partners').where({ id: partnerId }).first('webhook_secret_enc');
    let secret: string | null = null;
    const patch: PartnerWebhookColumns = { webhook_url: url };
    if (url && (rotateSecret || !row?.webhook_secret_enc)) {
      secret = `whsec_${newSecret()}`;
      patch.webhook_secret_enc = this.cipher.encrypt(secret);
    }
    await setPartnerWebhook(this.db, partnerId, patch);
    return secret;
  }

  async settings(partnerId: string): Promise<{ url: string | null; hasSecret: boolean }> {
    const row = await this.db('partners').where({ id: partnerId }).first('webhook_url', 'webhook_secret_enc');
    return { url: row?.webhook_url ?? null, hasSecret: Boolean(row?.webhook_secret_enc) };
  }

  /** This partner's latest deliveries (the log in the portal). */
  log(partnerId: string, limit = 50): Promise<Array<DeliveryRow & { uid: string }>> {
    return this.db('webhook_deliveries as d')
      .join('registrations as r', 'r.id', 'd.registration_id')
      .where('d.partner_id', partnerId)
      .orderBy('d.id', 'desc')
      .limit(limit)
      .select('d.*', 'r.uid');
  }

  /** Queues one event for a registration if its partner has a webhook (at most once per event). */
  async emit(trx: Knex | Knex.Transaction, registrationId: number, event: WebhookEvent): Promise<void> {
    const target = await this.targetOf(trx, registrationId);
    if (!target) return;
    const now = this.clock.now();
    const insert = trx('webhook_deliveries').insert({
      partner_id: target.partner_id,
      registration_id: registrationId,
      event,
      url: target.url,
      status: 'pending',
      attempts: 0,
      created_at: now,
      updated_at: now,
    });
    const inserted = (await insert.onConflict(['registration_id', 'event']).ignore().returning('id')) as Array<{ id: number } | number>;
    const first = inserted[0];
    if (first === undefined) return; // already queued
    const deliveryId = typeof first === 'object' ? first.id : first;
    await this.queue.enqueue(trx, 'deliver_webhook', { deliveryId }, WEBHOOK_MAX_ATTEMPTS);
  }

  /** Where the registration's partner wants its events, if it is active and has a webhook. */
  private async targetOf(
    runner: Knex | Knex.Transaction,
    registrationId: number,
  ): Promise<{ partner_id: string; url: string } | undefined> {
    return (await runner('registrations as r')
      .join('partners as p', 'p.id', 'r.partner_id')
      .where('r.id', registrationId)
      .andWhere('p.status', 'active')
      .whereNotNull('p.webhook_url')
      .first('p.id as partner_id', 'p.webhook_url as url')) as { partner_id: string; url: string } | undefined;
  }

  /** Wraps the render_pdf handler: `completed` when the job is first taken, `pdf_ready` with the PDF's commit. */
  aroundRender(render: JobHandler): JobHandler {
    return async (job: Job): Promise<JobResult | void> => {
      const registrationId = Number(job.payload.registrationId);
      // Most registrations have no webhook to tell: one read, no transaction. Otherwise the event
      // is queued through the group commit like the claim and completion around it (a commit of
      // its own would cost an fsync per PDF); emit checks the target again inside it.
      if (await this.targetOf(this.db, registrationId))
        await this.queue.commits.run((trx) => this.emit(trx, registrationId, 'registration.completed'));
      const result = await render(job);
      if (!result?.finish) return result;
      const finish = result.finish.bind(result);
      return {
        ...result,
        finish: async (trx) => {
          await finish(trx);
          const row = await trx('registrations').where({ id: registrationId }).first('status');
          if (row?.status === 'pdf_ready') await this.emit(trx, registrationId, 'registration.pdf_ready');
        },
      };
    };
  }

  /** The deliver_webhook job: one POST. A non-2xx answer or a network error throws, so the queue retries with backoff. */
  async deliver(job: Job): Promise<void> {
    const delivery = (await this.db('webhook_deliveries')
      .where({ id: Number(job.payload.deliveryId) })
      .first()) as DeliveryRow | undefined;
    if (!delivery || delivery.status === 'delivered') return;
    const partner = await this.db('partners').where({ id: delivery.partner_id }).first('webhook_url', 'webhook_secret_enc', 'status');
    const reg = await this.db('registrations')
      .where({ id: delivery.registration_id })
      .first('uid', 'status', 'source', 'tracking', 'state_code', 'lang', 'channel', 'created_at', 'submitted_at', 'pdf_ready_at');
    const now = this.clock.now();
    if (!partner?.webhook_url || !partner.webhook_secret_enc || partner.status !== 'active' || !reg) {
      await this.db('webhook_deliveries')
        .where({ id: delivery.id })
        .update({ status: 'failed', last_error: 'webhook removed or partner disabled', updated_at: now });
      return;
    }
    const iso = (t: unknown) => (t ? new Date(Number(t)).toISOString() : null);
    const body = JSON.stringify({
      id: `evt_${delivery.id}`,
      type: delivery.event,
      createdAt: iso(delivery.created_at),
      data: {
        registration: {
          id: reg.uid,
          status: reg.status,
          channel: reg.channel,
          lang: reg.lang,
          state: reg.state_code,
          source: reg.source,
          tracking: reg.tracking,
          createdAt: iso(reg.created_at),
          submittedAt: iso(reg.submitted_at),
          pdfReadyAt: iso(reg.pdf_ready_at),
        },
      },
    });
    // A URL saved before these rules (or under other settings) is judged again now; a refused
    // target is final (no retries: asking again would be refused again).
    const parsed = parseWebhookUrl(partner.webhook_url, this.rules);
    if (!('url' in parsed))
      return this.refuse(
        delivery,
        job.attempts,
        parsed.code === 'notHttps' ? 'refused: http is not allowed, only https' : 'refused: not a valid webhook address',
      );
    const secret = this.cipher.decrypt(partner.webhook_secret_enc);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Rollcall-Webhooks/1',
        'x-rollcall-event': delivery.event,
        'x-rollcall-delivery': String(delivery.id),
        [SIGNATURE_HEADER.toLowerCase()]: signature(secret, Math.floor(now / 1000), body),
      };
      status = await postWebhook(parsed.url, headers, body, { allowPrivate: this.rules.allowPrivate, timeoutMs: TIMEOUT_MS });
      if (status < 200 || status > 299) error = `answered ${status}`;
    } catch (err) {
      if (err instanceof NonPublicAddress) return this.refuse(delivery, job.attempts, 'refused: the address is not public');
      error = (err as Error).name === 'TimeoutError' ? 'no answer in 10 s' : `could not connect (${(err as Error).message})`.slice(0, 300);
    }
    const attempts = job.attempts;
    if (!error) {
      await this.db('webhook_deliveries')
        .where({ id: delivery.id })
        .update({ status: 'delivered', attempts, last_status_code: status, last_error: null, delivered_at: now, updated_at: now });
      return;
    }
    const last = attempts >= job.maxAttempts;
    await this.db('webhook_deliveries')
      .where({ id: delivery.id })
      .update({ status: last ? 'failed' : 'retrying', attempts, last_status_code: status, last_error: error, updated_at: now });
    this.logger.warn({ delivery: delivery.id, attempts, status }, 'webhook delivery failed');
    throw new Error(`webhook ${delivery.id}: ${error}`);
  }

  private async refuse(delivery: DeliveryRow, attempts: number, reason: string): Promise<void> {
    await this.db('webhook_deliveries')
      .where({ id: delivery.id })
      .update({ status: 'failed', attempts, last_status_code: null, last_error: reason, updated_at: this.clock.now() });
    this.logger.warn({ delivery: delivery.id }, 'webhook delivery refused: target not allowed');
  }
}
