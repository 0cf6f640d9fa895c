// The voter's election office as the app prints it: the county or town office the ZIP (the city,
// the voter's answer) leads to, with an admin's correction in force applied; the state's office
// otherwise. The PDF, the end page and the confirmation email all take it from here.
import type { Knex } from 'knex';
import type { AuditLog } from '../admin/audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Answers } from '../registrations/answers.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import { getState, type StateRules } from '../states/index.js';
import { officeLines } from './build-data.js';
import { applyCorrection, fieldsOf, OfficeCorrections, type Correction, type OfficeFields } from './corrections.js';
import { NO_TOWN, type OfficeLookup } from './lookup.js';
import { findOffice, officeData, sourceOffice } from './registry.js';
import { norm } from './names.js';
import type { Office } from './types.js';

/** Where the voter mails the form. */
export interface MailingOffice {
  /** county or town: an office of the data (key set); state: the state's office (states.json). */
  level: 'county' | 'town' | 'state';
  key: string | null;
  /** The address, one line each, the city line last: printed as is on the mailer. */
  lines: string[];
  phone?: string;
  /** The state's election site (the state office's; county offices have none in the data). */
  url?: string;
}

export function stateMailingOffice(state: StateRules): MailingOffice {
  return { level: 'state', key: null, lines: state.office.mailingAddress, phone: state.office.phone, url: state.office.url };
}

/** The question the addresses step asks, from the answers so far (home ZIP and city), or null. */
export function townQuestionFor(stateCode: string | null | undefined, answers: Answers): Office[] | null {
  const found = lookupFor(stateCode, answers, false);
  return found?.kind === 'question' ? found.candidates : null;
}

/** The voter's answer kept only while it answers the question their ZIP asks (a changed ZIP drops it). */
export function townAnswer(stateCode: string | null | undefined, answers: Answers): string | undefined {
  const question = townQuestionFor(stateCode, answers);
  const answer = answers.officeTown;
  if (!question || !answer) return undefined;
  return answer === NO_TOWN || question.some((o) => o.key === answer) ? answer : undefined;
}

function lookupFor(stateCode: string | null | undefined, answers: Answers, withChoice = true): OfficeLookup | null {
  const zip = answers.homeAddress?.zip || answers.zip;
  if (!stateCode || !zip) return null;
  return findOffice({ state: stateCode, zip, city: answers.homeAddress?.city, choice: withChoice ? answers.officeTown : undefined });
}

export const OFFICE_SEARCH_MAX = 50;

export class ElectionOffices {
  readonly corrections: OfficeCorrections;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.corrections = new OfficeCorrections(db);
  }

  /** The office under `key` as it stood at `asOf` (now by default): the source's, corrected. */
  async office(key: string, asOf = this.clock.now()): Promise<Office | undefined> {
    const source = sourceOffice(key);
    if (!source) return undefined;
    const correction = await this.corrections.inForce(key, asOf);
    return correction ? applyCorrection(source, correction) : source;
  }

  /** Where this voter mails the form, as the office stood at `asOf`. */
  async mailingOffice(state: StateRules, answers: Answers, asOf = this.clock.now()): Promise<MailingOffice> {
    const found = lookupFor(state.code, answers);
    if (found?.kind !== 'office') return stateMailingOffice(state);
    const office = (await this.office(found.office.key, asOf)) ?? found.office;
    return { level: office.level, key: office.key, lines: officeLines(office), phone: office.phone, url: state.office.url };
  }

  /**
   * The office of a registration: the one the PDF prints. As it stood when the voter submitted
   * (a correction made later changes the PDFs of registrations submitted after it), so the same
   * row always renders the same bytes; a registration not yet submitted gets today's.
   */
  async officeFor(row: RegistrationRow): Promise<MailingOffice | null> {
    const state = row.state_code ? getState(row.state_code) : undefined;
    if (!state) return null;
    return this.mailingOffice(state, parseAnswers(row), row.submitted_at ?? this.clock.now());
  }

  /** Offices whose state, name or county contains the text (accents, case and punctuation ignored), at most OFFICE_SEARCH_MAX. */
  search(text: string, state?: string): { offices: Office[]; more: boolean } {
    const words = norm(text).split(' ').filter(Boolean);
    const code = state?.trim().toUpperCase();
    const hits = officeData().offices.filter(
      (o) => (!code || o.state === code) && words.every((w) => norm(`${o.state} ${o.name} ${o.county ?? ''}`).includes(w)),
    );
    return { offices: hits.slice(0, OFFICE_SEARCH_MAX), more: hits.length > OFFICE_SEARCH_MAX };
  }

  /**
   * An admin's correction (or, with `restore`, the source's address back), audited in the same
   * transaction. In force at once: PDFs of registrations submitted from now on print it.
   */
  async correct(
    who: { id: number; email: string },
    key: string,
    fields: OfficeFields | 'restore',
    client: string,
  ): Promise<Office | undefined> {
    const source = sourceOffice(key);
    if (!source) return undefined;
    const restored = fields === 'restore';
    const written = restored ? fieldsOf(source) : fields;
    const now = this.clock.now();
    await this.db.transaction(async (trx: Knex.Transaction) => {
      await this.corrections.add(trx, key, written, restored, who.id, now);
      const detail = restored ? 'restored the source address' : officeLines(applyCorrection(source, written)).join(' / ');
      await this.audit.record(who, 'office_correct', key, client, detail, trx);
    });
    return this.office(key, now);
  }

  history(key: string): Promise<Correction[]> {
    return this.corrections.history(key);
  }
}
