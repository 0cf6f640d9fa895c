// The last page: the PDF link once it is ready (or at once, rendered from the database, when
// storage is below quorum), the voter's resume link to come back (prominent when we will not email
// them), and what to do next: the same steps as page 2 of the PDF (mailing-steps.ts).
import type { Clock } from '../clock.js';
import { paths } from '../paths.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import { mailingSteps } from '../registrations/mailing-steps.js';
import { parseAnswers, voterMailAllowed, type RegistrationRow } from '../registrations/registration-records.js';
import { notesFor } from '../states/index.js';
import { onlineOffer, stateModel, stateOf } from './page-model.js';
import type { FrameModel } from './partner-entry.js';
import type { DownloadLinks } from '../registrations/download-links.js';
import type { ElectionOffices } from '../offices/offices.js';
import type { RegistrationService } from '../registrations/service.js';
import type { ReplicatedStorage } from '@rollcall/storage';
import type { PrintQueue } from '../print/print-queue.js';
import { printedFormOffer } from './printed-form-routes.js';

/**
 * How long after the form was sent the end page offers the PDF to whoever holds the resume link.
 * The resume link works for RETENTION_DAYS and the PDF holds the voter's ID number: on a shared
 * tablet at a registration drive, the next person must not find it in the history. Past this, the
 * end page asks for the date of birth first (pdf-again.ts); the links in the voter's emails open
 * it without (holding the email is the proof).
 */
export const PDF_ON_END_PAGE_MS = 60 * 60_000;

/** The end page's "prove it is you" form: where it posts, its token, and its problem if it was just refused. */
export interface PdfAgainForm {
  action: string;
  csrfToken: string;
  emailed: boolean;
}

/** What donePage uses, and nothing else. */
export interface DonePageDeps {
  clock: Clock;
  storage: Pick<ReplicatedStorage, 'health'>;
  links: DownloadLinks;
  registrations: RegistrationService;
  /** The public address: the resume link is shown whole, to be copied. */
  baseUrl: string;
  /** RETENTION_DAYS: how long the link works (the purge ends it). */
  retentionDays: number;
  print: PrintQueue;
  offices: Pick<ElectionOffices, 'officeFor'>;
}

/** The resume link and whether it is the voter's only way back (no email from us). */
export function resumeModel(
  baseUrl: string,
  retentionDays: number,
  row: Pick<RegistrationRow, 'email' | 'voter_mail_enabled'>,
  token: string,
) {
  return { url: baseUrl + paths.resume(token), prominent: !row.email || !voterMailAllowed(row), days: retentionDays };
}

/** How the end page may offer the PDF (see PDF_ON_END_PAGE_MS), with the form that proves it is the voter. */
export interface PdfProof {
  /** 'window': offered within PDF_ON_END_PAGE_MS of sending; 'proven': the date of birth was just given; 'refused': it was not right. */
  kind: 'window' | 'proven' | 'refused';
  form: PdfAgainForm;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/** The end page. */
export async function donePage(
  { clock, storage, links, registrations, baseUrl, retentionDays, print, offices }: DonePageDeps,
  views: Views,
  row: RegistrationRow,
  token: string,
  frame: FrameModel | null,
  proof: PdfProof,
): Promise<string> {
  const lang = row.lang;
  const ready = row.status === 'pdf_ready' || !storage.health().hasWriteQuorum;
  const sentAt = Number(row.submitted_at ?? row.updated_at);
  const mayOffer = proof.kind === 'proven' || (proof.kind === 'window' && clock.now() - sentAt < PDF_ON_END_PAGE_MS);
  // One link per half of its lifetime, however often the page is opened (links.current).
  const pdfHref = ready && mayOffer ? paths.pdf((await links.current(row.id)).token) : null;
  const pdfAgain = ready && !mayOffer ? proof.form : undefined;
  const answers = parseAnswers(row);
  const state = stateOf(answers);
  const errors = proof.errors ?? {};
  return renderPage(views, 'voter/done.njk', voterArea(lang), {
    pdfHref,
    pdfAgain,
    errors,
    values: proof.values ?? {},
    errorSummary: errors.dateOfBirth ? [{ href: '#dateOfBirth-month', text: errors.dateOfBirth }] : null,
    frame,
    // Without JavaScript, the page refreshes itself until the form is ready.
    refreshSeconds: ready ? null : 5,
    state: stateModel(lang, state),
    // Where the form goes: the same office as the PDF's mailer page.
    office: await offices.officeFor(row),
    online: onlineOffer(lang, token, state, row.finished_with_state_at, 'done'),
    resume: resumeModel(baseUrl, retentionDays, row, token),
    steps: state ? mailingSteps(state, lang, answers, registrations.idNumberOf(row)) : [],
    // A finished registration that says "not 18 by election day" got here because the state's rule let it.
    notes: state ? notesFor(state, answers.eighteenByElectionDay === false, lang) : [],
    printedForm: await printedFormOffer(print, row, token),
    switchHref: `${paths.step(token, 'done')}?lang=${lang === 'en' ? 'es' : 'en'}`,
    eraseHref: paths.erase(token),
  });
}
