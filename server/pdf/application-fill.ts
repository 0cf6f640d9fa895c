// The voter's answers on the application page, typed in black in the boxes the static layer
// labels. Box 9's signature and date stay blank: the voter signs by hand.
import { BOX, ELIGIBILITY_TICKS, OFFICE_USE, optionTickPositions } from './application-grid.js';
import { OPTION_TICK_SIZE, TICK_SIZE } from './application-parts.js';
import { ANSWER_SIZE, ASCENDER, typeAnswer } from './answer-text.js';
import { tickMark, type Doc } from './draw.js';
import { px, py, type BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import { drawQrCode } from './qr.js';
import type { PdfStrings } from './strings.js';
import type { PdfAddress, PdfRegistration } from './types.js';

export function fillApplication(doc: Doc, reg: PdfRegistration, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  tickMark(doc, reg.usCitizen ? ELIGIBILITY_TICKS.yesX : ELIGIBILITY_TICKS.noX, ELIGIBILITY_TICKS.citizenY - 1, TICK_SIZE, ink.answer);
  tickMark(doc, reg.eighteenByElectionDay ? ELIGIBILITY_TICKS.yesX : ELIGIBILITY_TICKS.noX, ELIGIBILITY_TICKS.ageY - 1, TICK_SIZE, ink.answer);
  drawOfficeCode(doc, reg, strings, ink);

  doc.font(FONT.regular).fillColor(ink.answer);
  chooseOption(doc, BOX.title, t.titleOptions, 2, reg.title, ink);
  answer(doc, BOX.lastName, reg.lastName);
  answer(doc, BOX.firstName, reg.firstName);
  answer(doc, BOX.middleNames, reg.middleName);
  chooseOption(doc, BOX.suffix, t.suffixOptions, 3, reg.suffix, ink);

  const home = reg.homeAddress;
  answer(doc, BOX.homeStreet, home.street);
  answer(doc, BOX.homeUnit, home.unit);
  answer(doc, BOX.homeCity, home.city);
  answer(doc, BOX.homeState, home.state);
  answer(doc, BOX.homeZip, home.zip);
  if (reg.mailingAddress) {
    answer(doc, BOX.mailStreet, streetWithUnit(reg.mailingAddress));
    answer(doc, BOX.mailCity, reg.mailingAddress.city);
    answer(doc, BOX.mailState, reg.mailingAddress.state);
    answer(doc, BOX.mailZip, reg.mailingAddress.zip);
  }

  fillDateOfBirth(doc, reg.dateOfBirth);
  answer(doc, BOX.phone, reg.phone);
  typeAnswer(doc, reg.idNumber, { xPx: BOX.idNumber[0] + 14, rightPx: BOX.idNumber[2] - 14, baselinePx: 334, twoLines: false });
  // A written-in party (up to 40 characters) may need box 7's second line to stay readable.
  if (reg.party) typeAnswer(doc, reg.party, { xPx: BOX.party[0] + 6, rightPx: BOX.party[2] - 4, baselinePx: BOX.party[3] - 6, twoLines: true });
  answer(doc, BOX.race, reg.race, 2);

  if (reg.previousName) {
    const previous = reg.previousName;
    chooseOption(doc, BOX.previousTitle, t.titleOptions, 2, previous.title, ink);
    answer(doc, BOX.previousLastName, previous.lastName);
    answer(doc, BOX.previousFirstName, previous.firstName);
    answer(doc, BOX.previousMiddleNames, previous.middleName);
    chooseOption(doc, BOX.previousSuffix, t.suffixOptions, 3, previous.suffix, ink);
  }
  if (reg.previousAddress) {
    const previous = reg.previousAddress;
    answer(doc, BOX.previousStreet, previous.street);
    answer(doc, BOX.previousUnit, previous.unit);
    answer(doc, BOX.previousCity, previous.city);
    answer(doc, BOX.previousState, previous.state);
    answer(doc, BOX.previousZip, previous.zip);
  }
}

function streetWithUnit(address: PdfAddress): string {
  return address.unit ? `${address.street}, ${address.unit}` : address.street;
}

/** Types `text` near the bottom of `box`, fitted to the box (see answer-text.ts). */
function answer(doc: Doc, box: BoxPx, text: string | undefined, raisePx = 0): void {
  if (!text) return;
  typeAnswer(doc, text, { xPx: box[0] + 6, rightPx: box[2] - 4, baselinePx: box[3] - 4 - raisePx, twoLines: raisePx === 0 });
}

function normalizeOption(option: string): string {
  return option.toLowerCase().replace(/\.$/, '').trim();
}

/** Ticks the printed choice matching `value`; a value the form does not list is typed instead. */
function chooseOption(doc: Doc, box: BoxPx, options: readonly string[], perRow: number, value: string | undefined, ink: Ink): void {
  if (!value) return;
  const index = options.findIndex((option) => normalizeOption(option) === normalizeOption(value));
  if (index < 0) {
    answer(doc, box, value);
    return;
  }
  const spot = optionTickPositions(box, options.length, perRow)[index];
  if (spot) tickMark(doc, spot.x, spot.y, OPTION_TICK_SIZE, ink.answer);
}

function fillDateOfBirth(doc: Doc, isoDate: string): void {
  const [year, month, day] = isoDate.split('-');
  const baseline = BOX.dateOfBirth[1] + 30;
  doc.font(FONT.regular).fontSize(ANSWER_SIZE);
  for (const [part, centerPx] of [[month, 130], [day, 174], [year, 218]] as const) {
    if (!part) continue;
    const left = px(centerPx) - doc.widthOfString(part) / 2;
    doc.text(part, left, py(baseline) - ASCENDER * ANSWER_SIZE, { lineBreak: false });
  }
}

/** The QR code for the election office, with the id in words beside it. */
function drawOfficeCode(doc: Doc, reg: PdfRegistration, strings: PdfStrings, ink: Ink): void {
  const [, top, right, bottom] = OFFICE_USE;
  // Keep about three modules of white around the code, as scanners need a quiet zone.
  const margin = 5;
  const size = py(bottom) - py(top) - 2 * margin;
  drawQrCode(doc, reg.uid, px(right) - size - margin, py(top) + margin, size, ink.answer);
  doc.font(FONT.regular).fontSize(5.5).fillColor(ink.answer);
  doc.text(strings.form.registrationId, px(OFFICE_USE[0] + 12), py(bottom) - 17, { lineBreak: false });
  doc.font(FONT.bold).fontSize(6.5).text(reg.uid, px(OFFICE_USE[0] + 12), py(bottom) - 10, { lineBreak: false });
}
