// The last page: the PDF link once it is ready (or at once, rendered from the database, when
// storage is below quorum), the voter's resume link to come back (prominent when we will not email
// them), and what to do next: the same steps as page 2 of the PDF (mailing-steps.ts).
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

/** What donePage uses, and nothing else. */
export interface DonePageDeps {
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

export async function donePage(
  { storage, links, registrations, baseUrl, retentionDays, print, offices }: DonePageDeps,
  views: Views,
  row: RegistrationRow,
  token: string,
  frame: FrameModel | null = null,
): Promise<string> {
  const lang = row.lang;
  const ready = row.status === 'pdf_ready' || !storage.health().hasWriteQuorum;
  const pdfHref = ready ? paths.pdf((await links.mint(row.id)).token) : null;
  const answers = parseAnswers(row);
  const state = stateOf(answers);
  return renderPage(views, 'voter/done.njk', voterArea(lang), {
    pdfHref,
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
  });
}
