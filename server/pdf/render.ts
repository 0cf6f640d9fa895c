// renderRegistrationPdf: the filled National Mail Voter Registration Form for one registration.
// Page 1 the application (static layer + the voter's answers), page 2 the state's instructions,
// page 3 the fold-and-mail panel. Pure and synchronous: the same input gives the same bytes.
import { fillApplication } from './application-fill.js';
import { drawApplicationSections } from './application-static-sections.js';
import { drawApplicationTop } from './application-static-top.js';
import { createDocument } from './document.js';
import type { Doc } from './draw.js';
import { inkFor } from './ink.js';
import { drawInstructions } from './instructions-page.js';
import { drawMailerStatic, fillMailer } from './mailer-page.js';
import { assertPrintable } from './printable-check.js';
import { captureStaticLayer, layerCache, placeStaticLayer } from './static-layer.js';
import { pdfStrings, type PdfLanguage } from './strings.js';
import type { PdfRegistration } from './types.js';

export { UnprintableTextError } from './printable-check.js';

const applicationLayer = layerCache((lang: PdfLanguage) =>
  captureStaticLayer((doc) => {
    const strings = pdfStrings(lang);
    const ink = inkFor(lang);
    drawApplicationTop(doc, strings, ink);
    drawApplicationSections(doc, strings, ink);
  }),
);

const mailerLayer = layerCache((lang: PdfLanguage) => captureStaticLayer((doc) => drawMailerStatic(doc, pdfStrings(lang), inkFor(lang))));

/** Builds the static layers of both languages now rather than on the first render. */
export function warmUpRenderer(): void {
  for (const lang of ['en', 'es'] as const) {
    applicationLayer(lang);
    mailerLayer(lang);
  }
}

export type PdfPage = 'application' | 'instructions' | 'mailer';

const ALL_PAGES: readonly PdfPage[] = ['application', 'instructions', 'mailer'];

/**
 * The voter's PDF: the application, the state's instructions and the mailer.
 * Throws UnprintableTextError if any text has a character the PDF font cannot print.
 */
export function renderRegistrationPdf(reg: PdfRegistration): Buffer {
  return renderPages(reg, ALL_PAGES);
}

/** Any of the pages, in the order given (the benchmark times the application page alone). */
export function renderPages(reg: PdfRegistration, pages: readonly PdfPage[]): Buffer {
  assertPrintable(reg);
  const strings = pdfStrings(reg.lang);
  const { doc, finish } = createDocument({
    title: strings.meta.title,
    subject: strings.meta.subject,
    author: strings.meta.author,
    lang: reg.lang,
    date: new Date(reg.submittedAt),
  });
  addRegistrationPages(doc, reg, pages);
  return finish();
}

/** Adds a registration's pages to a document someone else made (a print batch); the caller checks printability. */
export function addRegistrationPages(doc: Doc, reg: PdfRegistration, pages: readonly PdfPage[]): void {
  const strings = pdfStrings(reg.lang);
  const ink = inkFor(reg.lang);
  for (const page of pages) {
    doc.addPage();
    if (page === 'application') {
      placeStaticLayer(doc, applicationLayer(reg.lang), 'Application');
      fillApplication(doc, reg, strings, ink);
    } else if (page === 'instructions') {
      drawInstructions(doc, reg, strings, ink);
    } else {
      placeStaticLayer(doc, mailerLayer(reg.lang), 'Mailer');
      fillMailer(doc, reg, strings, ink);
    }
  }
}
