// The registration's life: started, saved step by step, submitted (accepted + render job in ONE
// transaction), then made into a PDF by the render job. Both front doors (web, API) come here.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import { ValidationFailed, type FieldError } from '../errors.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { JobQueue } from '../jobs/queue.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { VoterMail } from '../mail/voter-mail.js';
import { newSecret, newUid, sha256Hex } from '../security/tokens.js';
import type { Lang } from '../i18n.js';
import { box6Text, idAnswerOf } from '../states/index.js';
import type { Answers } from './answers.js';
import type { IdempotencyClaim, IdempotencyKeys, PriorRequest } from './idempotency.js';
import { toFieldErrors } from './problem-messages.js';
import { pdfKeyFor } from './pdf-keys.js';
import { isTooFast } from './pace.js';
import { emailCheck } from './field-rules.js';
import {
  parseAnswers,
  RegistrationRecords,
  searchableColumns,
  voterMailAllowed,
  type Channel,
  type RegistrationRow,
} from './registration-records.js';
import { stateOfAnswers, validateComplete, type Problem } from './validate.js';

export interface Attribution {
  partnerId?: string | null;
  source?: string | null;
  tracking?: string | null;
}

/** What the voter's partner (or the API request) decided: defaults are email required, mail on. */
export interface MailOptions {
  /** The email address may be left out (partners.voter_email_optional). */
  emailOptional?: boolean;
  /** Rollcall may email this voter: registrations.voter_mail_enabled (the partner's setting, or the API request's). */
  voterMail?: boolean;
}

/** An API client's Idempotency-Key and the request body it was sent with. */
export interface IdempotentRequest {
  key: string;
  body: unknown;
}

export interface Created {
  row: RegistrationRow;
  /** True when an earlier request with the same Idempotency-Key made this registration. */
  replayed: boolean;
}

/** Thrown when an Idempotency-Key comes back with a different body: it names another request. */
export const KEY_REUSED: FieldError = {
  path: 'Idempotency-Key',
  code: 'idempotency_key_reused',
  message: 'Idempotency-Key was already used with a different request body; send a new key for a new registration',
};

export class RegistrationService {
  readonly store: RegistrationRecords;

  constructor(
    readonly db: Db,
    /** The process's group commit (db/group-commit.ts): a voter's step or an accept is a small write that shares a transaction. */
    private readonly commits: GroupCommit,
    private readonly queue: JobQueue,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyKeys,
    /** Schedules the follow-up for an unfinished registration (and cancels it on submit), in the save's transaction. */
    private readonly voterMail: VoterMail,
    /** How long after the voter gives an email address the follow-up is due (FOLLOW_UP_DELAY_HOURS). */
    private readonly followUpDelayMs: number,
    /** Called after a render job is committed, so this node's runner starts at once. */
    private readonly onJobEnqueued: () => void = () => {},
  ) {
    this.store = new RegistrationRecords(db, cipher);
  }

  /**
   * A new web registration. The resume token is the voter's only key to it: returned once, stored
   * hashed (the lookup key) and sealed (for the resume link in the follow-up mail, resumeTokenOf).
   */
  async startWeb(
    lang: Lang,
    attribution: Attribution,
    prefill: Answers = {},
    options: Pick<MailOptions, 'voterMail'> = {},
  ): Promise<{ row: RegistrationRow; resumeToken: string }> {
    const resumeToken = newSecret();
    const now = this.clock.now();
    const row: Omit<RegistrationRow, 'id'> = {
      uid: newUid(),
      resume_hash: sha256Hex(resumeToken),
      resume_token_sealed: this.cipher.encrypt(resumeToken),
      voter_mail_enabled: options.voterMail ?? true,
      partner_id: attribution.partnerId ?? null,
      channel: 'web',
      lang,
      status: 'in_progress',
      step: 'eligibility',
      ...searchableColumns(prefill, null),
      answers: JSON.stringify(prefill),
      id_number_enc: null,
      source: attribution.source ?? null,
      tracking: attribution.tracking ?? null,
      created_at: now,
      updated_at: now,
      submitted_at: null,
      pdf_key: null,
      pdf_sha256: null,
      pdf_ready_at: null,
      purged_at: null,
      finished_with_state_at: null,
    };
    const id = await this.commits.run((trx) => this.store.insert(trx, row));
    return { row: { ...row, id }, resumeToken };
  }

  findByResumeToken(token: string): Promise<RegistrationRow | undefined> {
    return this.store.byResumeHash(sha256Hex(token));
  }

  /**
   * Saves the answers of one step (and the ID number, sealed) on an in-progress registration:
   * inside `trx` when given, else through the group commit (a voter's step is a small write,
   * like an accept; a commit of its own would fsync on the event loop for every step).
   */
  async saveProgress(
    row: RegistrationRow,
    answers: Answers,
    step: string,
    idNumber?: string,
    trx?: Knex.Transaction,
  ): Promise<RegistrationRow> {
    const patch: Partial<RegistrationRow> = {
      answers: JSON.stringify(answers),
      step,
      updated_at: this.clock.now(),
      ...searchableColumns(answers, stateOfAnswers(answers)?.code ?? null),
    };
    if (idNumber !== undefined) patch.id_number_enc = idNumber === '' ? null : this.cipher.encrypt(idNumber);
    const followUp = this.wantsFollowUp(row, answers);
    const save = async (t: Knex.Transaction) => {
      await this.store.update(t, row.id, patch);
      if (followUp) await this.voterMail.schedule(t, row.id, 'follow_up', this.clock.now() + this.followUpDelayMs);
    };
    if (trx) await save(trx);
    else await this.commits.run(save);
    return { ...row, ...patch };
  }

  /**
   * The follow-up for an unfinished registration is scheduled when a save first makes the voter
   * one we may write to: eligible (citizen, 18, a state that takes the form) with a valid email
   * address, mail allowed. That is the eligibility step's save, or a later one that adds the
   * address (or a new one: VoterMail.schedule keeps the first, so at most one per registration).
   * The submit cancels it.
   */
  private wantsFollowUp(row: RegistrationRow, answers: Answers): boolean {
    if (row.status !== 'in_progress' || !voterMailAllowed(row) || !mayFollowUp(answers)) return false;
    return !mayFollowUp(parseAnswers(row)) || row.email !== answers.email;
  }

  /** The voter's resume token (for the resume link in mail), or undefined (an API registration, a row from before, a purged one). */
  resumeTokenOf(row: Pick<RegistrationRow, 'resume_token_sealed'>): string | undefined {
    return row.resume_token_sealed ? this.cipher.decrypt(row.resume_token_sealed) : undefined;
  }

  /**
   * Saves a step together with writes that must not outlive it (the partner's survey answers):
   * `alongside` runs first, in the same shared transaction, so a failed save keeps neither.
   */
  saveProgressWith(
    row: RegistrationRow,
    answers: Answers,
    step: string,
    alongside: (trx: Knex.Transaction) => Promise<unknown>,
  ): Promise<RegistrationRow> {
    return this.commits.run(async (trx) => {
      await alongside(trx);
      return this.saveProgress(row, answers, step, undefined, trx);
    });
  }

  /**
   * A voter under 18 whose state does not let them register yet ticked "email me when I can": the
   * address they confirmed becomes the registration's email (answer and column) and the moment of
   * consent is recorded; `schedule` (the turning_18 message) runs in the same transaction, so the
   * message exists exactly when the consent does.
   */
  async consentToTurning18(
    row: RegistrationRow,
    email: string,
    schedule: (trx: Knex.Transaction) => Promise<unknown>,
  ): Promise<RegistrationRow> {
    const answers: Answers = { ...parseAnswers(row), email };
    const now = this.clock.now();
    return this.commits.run(async (trx) => {
      await schedule(trx);
      const saved = await this.saveProgress(row, answers, row.step, undefined, trx);
      await this.store.update(trx, row.id, { turning_18_consent_at: now });
      return { ...saved, turning_18_consent_at: now };
    });
  }

  async setLang(row: RegistrationRow, lang: Lang): Promise<void> {
    if (row.lang !== lang) await this.commits.run((trx) => this.store.update(trx, row.id, { lang, updated_at: this.clock.now() }));
  }

  /** The utm_* parameters a new web registration arrived with (the partner's CSV reports them). */
  async recordUtm(row: RegistrationRow, utm: Record<string, string>): Promise<void> {
    await this.store.update(this.db, row.id, { utm: JSON.stringify(utm) });
  }

  /** The voter followed the link to their state's online registration: Rocky's "finished with state". */
  async finishWithState(row: RegistrationRow): Promise<void> {
    if (row.finished_with_state_at !== null) return;
    const now = this.clock.now();
    await this.commits.run((trx) => this.store.markFinishedWithState(trx, row.id, now));
  }

  /** The PDF was downloaded: the first time is recorded (the last reminder goes only to a form never opened). */
  async recordDownload(row: RegistrationRow): Promise<void> {
    if (row.pdf_downloaded_at != null) return;
    await this.commits.run((trx) => this.store.markDownloaded(trx, row.id, this.clock.now()));
  }

  idNumberOf(row: RegistrationRow): string | undefined {
    return row.id_number_enc ? this.cipher.decrypt(row.id_number_enc) : undefined;
  }

  /** Problems that stop this registration from being submitted (empty when it can be). */
  problemsBeforeSubmit(row: RegistrationRow, options: Pick<MailOptions, 'emailOptional'> = {}): Problem[] {
    return validateComplete(parseAnswers(row), {
      now: this.clock.now(),
      idNumber: this.idNumberOf(row),
      emailOptional: options.emailOptional,
    });
  }

  /** The final submit of a web registration: from here on nothing may lose it. The follow-up is cancelled with it. */
  async submit(row: RegistrationRow, options: Pick<MailOptions, 'emailOptional'> = {}): Promise<RegistrationRow> {
    if (row.status !== 'in_progress') return row;
    const problems = this.problemsBeforeSubmit(row, options);
    if (problems.length) throw new ValidationFailed(toFieldErrors(problems, row.lang));
    const now = this.clock.now();
    const patch: Partial<RegistrationRow> = {
      status: 'accepted',
      step: 'done',
      submitted_at: now,
      updated_at: now,
      pdf_key: pdfKeyFor(row.uid, now),
      // ASVS 11.1.2: accepted all the same, flagged for review (pace.ts).
      too_fast: isTooFast(row.created_at, now),
    };
    await this.commits.run(async (trx) => {
      // Guard on status: a double-click submits once.
      if (await this.store.updateWhileStatus(trx, row.id, 'in_progress', patch)) {
        await this.queue.enqueue(trx, 'render_pdf', { registrationId: row.id });
        await this.voterMail.cancel(trx, row.id, ['follow_up']);
      }
    });
    this.onJobEnqueued();
    return { ...row, ...patch };
  }

  /**
   * The API's door: a complete registration in one request, accepted or refused whole. With an
   * Idempotency-Key, a request the partner already made (same key, same body) answers the
   * registration it made instead of making another. `options`: the partner's settings, with the
   * request's own choice of mail already applied.
   */
  async createComplete(
    channel: Channel,
    lang: Lang,
    answers: Answers,
    idNumber: string,
    attribution: Attribution,
    request?: IdempotentRequest,
    options: MailOptions = {},
  ): Promise<Created> {
    const now = this.clock.now();
    const problems = validateComplete(answers, { now, idNumber, emailOptional: options.emailOptional });
    if (problems.length) throw new ValidationFailed(toFieldErrors(problems, 'en', channel));
    // Stored as box 6 prints it, with its type in the answers (a client that sent no idType gets the inferred one).
    const state = stateOfAnswers(answers);
    const id = state ? idAnswerOf(state, answers.idType, idNumber) : undefined;
    const stored: Answers = id?.type ? { ...answers, idType: id.type } : answers;
    const claim = request && attribution.partnerId ? this.idempotency.claim(attribution.partnerId, request.key, request.body) : undefined;
    const uid = newUid();
    const row: Omit<RegistrationRow, 'id'> = {
      uid,
      resume_hash: null,
      voter_mail_enabled: options.voterMail ?? true,
      partner_id: attribution.partnerId ?? null,
      channel,
      lang,
      status: 'accepted',
      step: 'done',
      ...searchableColumns(stored, state?.code ?? null),
      answers: JSON.stringify(stored),
      id_number_enc: this.cipher.encrypt(id?.type ? box6Text(id) : idNumber),
      source: attribution.source ?? null,
      tracking: attribution.tracking ?? null,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      pdf_key: pdfKeyFor(uid, now),
      pdf_sha256: null,
      pdf_ready_at: null,
      purged_at: null,
      finished_with_state_at: null,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        // One transaction holds the registration, its render job and its idempotency key; it is
        // shared with other concurrent writes of this process (group commit) and resolves only
        // once committed. The key is looked up inside it, so an earlier request of the same batch
        // (or one committed before this transaction took SQLite's write lock) is seen.
        const outcome = await this.commits.run(async (trx): Promise<{ id: number } | { prior: PriorRequest }> => {
          const prior = claim && (await this.idempotency.find(trx, claim));
          if (prior) return { prior };
          const newId = await this.store.insert(trx, row);
          await this.queue.enqueue(trx, 'render_pdf', { registrationId: newId });
          if (claim) await this.idempotency.record(trx, claim, newId, now);
          return { id: newId };
        });
        if ('prior' in outcome) return await this.replay(claim!, outcome.prior);
        this.onJobEnqueued();
        return { row: { ...row, id: outcome.id }, replayed: false };
      } catch (err) {
        // PostgreSQL: a concurrent transaction (another node's, or another batch of this one)
        // committed the same key first. Once more, and the lookup finds its registration.
        if (claim && attempt === 1 && this.idempotency.isKeyTaken(err)) continue;
        throw err;
      }
    }
  }

  private async replay(claim: IdempotencyClaim, prior: PriorRequest): Promise<Created> {
    if (!this.idempotency.sameRequest(claim, prior)) throw new ValidationFailed([KEY_REUSED]);
    const row = await this.store.byId(prior.registrationId);
    if (!row) throw new Error(`idempotency key points to missing registration ${prior.registrationId}`);
    return { row, replayed: true };
  }
}

/** An eligible voter (so far) who gave a valid email address: the one a follow-up may be written to. */
function mayFollowUp(answers: Answers): boolean {
  if (answers.usCitizen !== true || answers.eighteenByElectionDay !== true) return false;
  if (!answers.email || emailCheck(answers.email)) return false;
  return stateOfAnswers(answers)?.acceptsFederalForm !== false;
}
