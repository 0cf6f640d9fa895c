// The registration's life: started, saved step by step, submitted (accepted + render job in ONE
// transaction), then made into a PDF by the render job. Both front doors (web, API) come here.
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import { ValidationFailed } from '../http/errors.js';
import type { JobQueue } from '../jobs/queue.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { newSecret, newUid, sha256Hex } from '../security/tokens.js';
import type { Lang } from '../i18n.js';
import type { Answers } from './answers.js';
import { toFieldErrors } from './messages.js';
import { pdfKeyFor } from './pdf-keys.js';
import { parseAnswers, RegistrationStore, searchableColumns, type Channel, type RegistrationRow } from './store.js';
import { stateOfAnswers, validateComplete, type Problem } from './validate.js';

export interface Attribution {
  partnerId?: string | null;
  source?: string | null;
  tracking?: string | null;
}

export class RegistrationService {
  readonly store: RegistrationStore;

  constructor(
    readonly db: Db,
    private readonly queue: JobQueue,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    /** Called after a render job is committed, so this node's runner starts at once. */
    private readonly onJobEnqueued: () => void = () => {},
  ) {
    this.store = new RegistrationStore(db);
  }

  /** A new web registration. The resume token is the voter's only key to it: returned once, stored hashed. */
  async startWeb(lang: Lang, attribution: Attribution, prefill: Answers = {}): Promise<{ row: RegistrationRow; resumeToken: string }> {
    const resumeToken = newSecret();
    const now = this.clock.now();
    const row: Omit<RegistrationRow, 'id'> = {
      uid: newUid(),
      resume_hash: sha256Hex(resumeToken),
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
    };
    const id = await this.store.insert(this.db, row);
    return { row: { ...row, id }, resumeToken };
  }

  findByResumeToken(token: string): Promise<RegistrationRow | undefined> {
    return this.store.byResumeHash(sha256Hex(token));
  }

  /** Saves the answers of one step (and the ID number, sealed) on an in-progress registration. */
  async saveProgress(row: RegistrationRow, answers: Answers, step: string, idNumber?: string): Promise<RegistrationRow> {
    const patch: Partial<RegistrationRow> = {
      answers: JSON.stringify(answers),
      step,
      updated_at: this.clock.now(),
      ...searchableColumns(answers, stateOfAnswers(answers)?.code ?? null),
    };
    if (idNumber !== undefined) patch.id_number_enc = idNumber === '' ? null : this.cipher.encrypt(idNumber);
    await this.store.update(this.db, row.id, patch);
    return { ...row, ...patch };
  }

  async setLang(row: RegistrationRow, lang: Lang): Promise<void> {
    if (row.lang !== lang) await this.store.update(this.db, row.id, { lang, updated_at: this.clock.now() });
  }

  idNumberOf(row: RegistrationRow): string | undefined {
    return row.id_number_enc ? this.cipher.decrypt(row.id_number_enc) : undefined;
  }

  /** Problems that stop this registration from being submitted (empty when it can be). */
  problemsBeforeSubmit(row: RegistrationRow): Problem[] {
    return validateComplete(parseAnswers(row), { now: this.clock.now(), idNumber: this.idNumberOf(row) });
  }

  /** The final submit of a web registration: from here on nothing may lose it. */
  async submit(row: RegistrationRow): Promise<RegistrationRow> {
    if (row.status !== 'in_progress') return row;
    const problems = this.problemsBeforeSubmit(row);
    if (problems.length) throw new ValidationFailed(toFieldErrors(problems, row.lang));
    const now = this.clock.now();
    const patch: Partial<RegistrationRow> = { status: 'accepted', step: 'done', submitted_at: now, updated_at: now, pdf_key: pdfKeyFor(row.uid, now) };
    await this.queue.commits.run(async (trx) => {
      // Guard on status: a double-click submits once.
      const changed = await trx('registrations').where({ id: row.id, status: 'in_progress' }).update(patch);
      if (changed === 1) await this.queue.enqueue(trx, 'render_pdf', { registrationId: row.id });
    });
    this.onJobEnqueued();
    return { ...row, ...patch };
  }

  /** The API's door: a complete registration in one request, accepted or refused whole. */
  async createComplete(channel: Channel, lang: Lang, answers: Answers, idNumber: string, attribution: Attribution): Promise<RegistrationRow> {
    const now = this.clock.now();
    const problems = validateComplete(answers, { now, idNumber });
    if (problems.length) throw new ValidationFailed(toFieldErrors(problems, 'en'));
    const uid = newUid();
    const row: Omit<RegistrationRow, 'id'> = {
      uid,
      resume_hash: null,
      partner_id: attribution.partnerId ?? null,
      channel,
      lang,
      status: 'accepted',
      step: 'done',
      ...searchableColumns(answers, stateOfAnswers(answers)?.code ?? null),
      answers: JSON.stringify(answers),
      id_number_enc: this.cipher.encrypt(idNumber),
      source: attribution.source ?? null,
      tracking: attribution.tracking ?? null,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      pdf_key: pdfKeyFor(uid, now),
      pdf_sha256: null,
      pdf_ready_at: null,
      purged_at: null,
    };
    // One transaction holds the registration and its render job; it is shared with other
    // concurrent writes of this process (group commit) and resolves only once committed.
    const id = await this.queue.commits.run(async (trx) => {
      const newId = await this.store.insert(trx, row);
      await this.queue.enqueue(trx, 'render_pdf', { registrationId: newId });
      return newId;
    });
    this.onJobEnqueued();
    return { ...row, id };
  }
}
