// Page 2: the plain next steps (the done page's, resolved in registrations/mailing-steps.ts) and
// the state's own instructions, in the voter's language.
// Everything here depends on the state and the voter, so it is laid out per render.
import type { Doc } from './draw.js';
import { PAGE_WIDTH } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import { interpolate, type PdfStrings } from './strings.js';
import type { PdfRegistration } from './types.js';

const MARGIN = 54;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BODY = 10;
const NOTE = 9;
/** The footer's top; the body must end above it (tested over every state's longest texts). */
export const INSTRUCTIONS_FOOTER_TOP = 752;

export function drawInstructions(doc: Doc, reg: PdfRegistration, strings: PdfStrings, ink: Ink): void {
  const t = strings.instructions;
  const state = reg.state;
  const values = { state: state.name, deadline: state.deadline, uid: reg.uid, date: reg.submittedAt.slice(0, 10) };

  doc.font(FONT.bold).fontSize(17).fillColor(ink.red);
  doc.text(interpolate(t.heading, values), MARGIN, 50, { width: WIDTH });
  paragraph(doc, t.intro, 4);

  heading(doc, t.nextStepsHeading, ink);
  reg.nextSteps.forEach((step, index) => {
    const top = doc.y;
    doc
      .font(FONT.bold)
      .fontSize(BODY)
      .fillColor(ink.form)
      .text(`${index + 1}.`, MARGIN, top, { lineBreak: false });
    doc.fillColor('#000000').text(`${step.title}. `, MARGIN + 17, top, { width: WIDTH - 17, continued: true });
    doc.font(FONT.regular).text(step.body);
    doc.moveDown(0.3);
  });

  heading(doc, t.mailToHeading, ink);
  const boxTop = doc.y;
  doc.font(FONT.bold).fontSize(13).fillColor('#000000');
  doc.text(reg.office.lines.join('\n'), MARGIN + 14, boxTop + 10, { width: WIDTH - 28, lineGap: 2 });
  const boxBottom = doc.y + 8;
  doc
    .lineWidth(1)
    .strokeColor(ink.form)
    .rect(MARGIN, boxTop, WIDTH, boxBottom - boxTop)
    .stroke();
  doc.y = boxBottom;

  heading(doc, interpolate(t.rulesHeading, values), ink);
  // The deadline is in the last next step; it is not repeated here.
  rule(doc, t.idRule, state.idRule, ink);
  rule(doc, t.partyRule, state.partyRule, ink);
  rule(doc, t.raceRule, state.raceRule, ink);
  rule(doc, t.eligibility, state.eligibility, ink);
  // The state's notes (pre-registration, Arizona's proof of citizenship, ...): a size smaller, so the longest fits.
  for (const note of reg.notes) rule(doc, note.title, note.body, ink, NOTE);

  const office = reg.office;
  if (office.phone || office.url) {
    heading(doc, t.contactHeading, ink);
    if (office.phone) rule(doc, t.phone, office.phone, ink);
    if (office.url) rule(doc, t.web, office.url, ink);
  }

  doc.font(FONT.regular).fontSize(7.5).fillColor(ink.form);
  doc.text(interpolate(t.footer, values), MARGIN, INSTRUCTIONS_FOOTER_TOP, { width: WIDTH, align: 'center', lineBreak: false });
}

function heading(doc: Doc, text: string, ink: Ink): void {
  doc.moveDown(0.8);
  doc.font(FONT.bold).fontSize(13).fillColor(ink.form).text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, spaceBefore: number): void {
  doc.y += spaceBefore;
  doc.font(FONT.regular).fontSize(BODY).fillColor('#000000').text(text, MARGIN, doc.y, { width: WIDTH });
}

/** A bold label followed by the rule's text, wrapped as one paragraph. */
function rule(doc: Doc, label: string, text: string, ink: Ink, size = BODY): void {
  if (!text) return;
  doc.font(FONT.bold).fontSize(size).fillColor(ink.form).text(`${label}: `, MARGIN, doc.y, { width: WIDTH, continued: true });
  doc.font(FONT.regular).fillColor('#000000').text(text);
  doc.moveDown(0.25);
}
