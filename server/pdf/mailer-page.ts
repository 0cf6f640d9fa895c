// Page 3: the fold-and-mail panel, after the federal form's own mailer: an office-use panel on
// top, the election office's address and a stamp box below, dashed fold lines between.
// (The USPS "Official Election Mail" logo of the original is deliberately not reproduced.)
import { ANSWER_FONT_NAME } from './answer-font.js';
import { MIN_ANSWER_SIZE, typeAnswer } from './answer-text.js';
import { line, strokeBox, textAt, textCentered, type Doc, type TextStyle } from './draw.js';
import { px, py } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import type { PdfStrings } from './strings.js';
import type { PdfRegistration } from './types.js';

const ADDRESS_LINES_PX = [842, 881, 920, 959, 998];
const ADDRESS_LEFT_PX = 158;
const ADDRESS_RIGHT_PX = 550;
const ADDRESS_SIZE = 10.5;
/** The return address: top-left of the mailing panel, left of the stamp box, above the fold hint. */
const RETURN_LEFT_PX = 40;
const RETURN_TOP_PX = 592;
const RETURN_RIGHT_PX = 690;
const RETURN_BOTTOM_PX = 656;
const RETURN_SIZE = 8;
const RETURN_LEADING_PX = 13;

export function drawMailerStatic(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.mailer;
  doc.save();
  doc.dash(7, { space: 5 });
  for (const y of [48, 549, 1050]) line(doc, 0, y, 800, y, ink.form, 0.8);
  doc.undash();
  doc.restore();

  strokeBox(doc, [22, 64, 777, 521], ink.form, 0.8);
  doc
    .fillColor(ink.form)
    .rect(px(22), py(64), px(777) - px(22), py(120) - py(64))
    .fill();
  textCentered(doc, t.officialUse, 400, 73, { font: FONT.bold, size: 22, color: '#ffffff' });
  const rows = [152, 189, 226, 263, 300, 337, 374, 411, 447, 484];
  rows.forEach((y, index) => {
    const width = index < 2 || index === rows.length - 1 ? 1.4 : 0.8;
    line(doc, 50, y, 385, y, ink.form, width);
    line(doc, 415, y, 750, y, ink.form, width);
  });

  strokeBox(doc, [701, 584, 771, 662], ink.form, 0.8);
  const stampStyle: TextStyle = { font: FONT.regular, size: 5.6, color: ink.form };
  const stampTop = 623 - (t.stamp.length * 11.5) / 2;
  t.stamp.forEach((word, index) => textCentered(doc, word, 736, stampTop + index * 11.5, stampStyle));

  // Where the original carries the postal logo: how to fold this page.
  doc.font(FONT.regular).fontSize(8.5).fillColor(ink.form);
  doc.text(t.foldHint, px(200), py(660), { width: px(400), align: 'center' });

  // The reference's four address lines; a fifth (rare) address line gets its rule from the fill.
  for (const y of ADDRESS_LINES_PX.slice(1)) line(doc, ADDRESS_LEFT_PX, y, ADDRESS_RIGHT_PX, y, ink.red, 0.8);
}

export function fillMailer(doc: Doc, reg: PdfRegistration, strings: PdfStrings, ink: Ink): void {
  // Return address, top left of the mailing panel: where the voter gets mail.
  const returnTo = reg.mailingAddress ?? reg.homeAddress;
  const from = [
    [reg.firstName, reg.middleName, reg.lastName, reg.suffix].filter(Boolean).join(' '),
    [returnTo.street, returnTo.unit].filter(Boolean).join(', '),
    `${returnTo.city}, ${returnTo.state} ${returnTo.zip}`,
  ];
  textAt(doc, strings.mailer.returnAddress, RETURN_LEFT_PX, 580, { font: FONT.regular, size: 6.5, color: ink.form });
  typeReturnAddress(doc, from, ink);

  // The office address sits on the last lines, so the city line is always at the bottom. A line
  // too wide for the panel (a county office's long name) takes a second ruled line while one is
  // free, instead of shrinking to an unreadable size.
  doc.font(ANSWER_FONT_NAME).fontSize(ADDRESS_SIZE);
  const room = px(ADDRESS_RIGHT_PX) - px(ADDRESS_LEFT_PX + 8);
  const fits = (text: string) => doc.widthOfString(text) <= room;
  const lines = fitAddressLines(reg.office.lines, fits, ADDRESS_LINES_PX.length).slice(-ADDRESS_LINES_PX.length);
  const firstLine = ADDRESS_LINES_PX.length - lines.length;
  if (firstLine === 0) line(doc, ADDRESS_LEFT_PX, ADDRESS_LINES_PX[0] ?? 0, ADDRESS_RIGHT_PX, ADDRESS_LINES_PX[0] ?? 0, ink.red, 0.8);
  doc.fillColor(ink.answer);
  lines.forEach((text, index) => {
    const baselinePx = (ADDRESS_LINES_PX[firstLine + index] ?? 0) - 3;
    typeAnswer(doc, text, { xPx: ADDRESS_LEFT_PX + 8, rightPx: ADDRESS_RIGHT_PX, baselinePx, twoLines: false, size: ADDRESS_SIZE });
  });
}

/**
 * The voter's name and address, each wrapped at word breaks (pdfkit's own wrapping) where it is
 * wider than the panel: the longest accepted name runs to about 150 characters. All lines share
 * one size, the largest (up to RETURN_SIZE) at which they fit above the fold hint.
 */
function typeReturnAddress(doc: Doc, from: readonly string[], ink: Ink): void {
  const width = px(RETURN_RIGHT_PX) - px(RETURN_LEFT_PX);
  const height = py(RETURN_BOTTOM_PX) - py(RETURN_TOP_PX);
  const leading = (size: number) => (py(RETURN_LEADING_PX) * size) / RETURN_SIZE;
  const heightAt = (size: number) =>
    from.reduce(
      (total, text) => total + doc.fontSize(size).heightOfString(text, { width, lineGap: leading(size) - doc.currentLineHeight() }),
      0,
    );
  doc.font(ANSWER_FONT_NAME).fillColor(ink.answer);
  let size = RETURN_SIZE;
  while (size > MIN_ANSWER_SIZE && heightAt(size) > height) size -= 0.25;
  doc.fontSize(size);
  const lineGap = leading(size) - doc.currentLineHeight();
  doc.text(from.join('\n'), px(RETURN_LEFT_PX), py(RETURN_TOP_PX), { width, lineGap });
}

/**
 * The address lines, each too wide (per `fits`) split in two at a word break (a space, or after a
 * "/") while the result has fewer than `slots` lines; what still does not fit is set smaller by
 * typeAnswer.
 */
export function fitAddressLines(lines: readonly string[], fits: (text: string) => boolean, slots: number): string[] {
  const out = [...lines];
  while (out.length < slots) {
    const index = out.findIndex((line) => !fits(line));
    const halves = index < 0 ? null : splitAtBreak(out[index]!, fits);
    if (!halves) break;
    out.splice(index, 1, ...halves);
  }
  return out;
}

/** The longest first part that fits, broken at a space or after a "/"; null where no break gives one. */
function splitAtBreak(text: string, fits: (text: string) => boolean): [string, string] | null {
  for (let at = text.length - 1; at > 0; at--) {
    if (text[at] !== ' ' && text[at] !== '/') continue;
    const first = text.slice(0, text[at] === '/' ? at + 1 : at).trim();
    const rest = text.slice(at + 1).trim();
    if (first && rest && fits(first)) return [first, rest];
  }
  return null;
}
