// The voter's answers on the application page, typed in black in the boxes the static layer
// labels. Box 9's signature and date stay blank: the voter signs by hand.
import { BOX, ELIGIBILITY_TICKS, OFFICE_USE, optionTickPositions } from './application-grid.js';
import { OPTION_TICK_SIZE, TICK_SIZE } from './application-parts.js';
import { ANSWER_FONT_NAME } from './answer-font.js';
import { ANSWER_SIZE, typeAnswer, typeLine } from './answer-text.js';
import { tickBox, tickMark, type Doc } from './draw.js';
import { px, py, type BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import { printedChoice } from './printed-choice.js';
import { drawQrCode } from './qr.js';
import type { PdfStrings } from './strings.js';
import type { PdfAddress, PdfRegistration } from './types.js';

export function fillApplication(doc: Doc, reg: PdfRegistration, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  tickMark(doc, reg.usCitizen ? ELIGIBILITY_TICKS.yesX : ELIGIBILITY_TICKS.noX, ELIGIBILITY_TICKS.citizenY - 1, TICK_SIZE, ink.answer);
  tickMark(
    doc,
    reg.eighteenByElectionDay ? ELIGIBILITY_TICKS.yesX : ELIGIBILITY_TICKS.noX,
    ELIGIBILITY_TICKS.ageY - 1,
    TICK_SIZE,
    ink.answer,
  );
  drawOfficeCode(doc, reg, strings, ink);

  doc.fillColor(ink.answer);
  chooseOption(doc, BOX.title, t.titleOptions, 2, reg.title, ink);
  answer(doc, BOX.lastName, reg.lastName);
  answer(doc, BOX.firstName, reg.firstName);
  answer(doc, BOX.middleNames, reg.middleName);
  chooseOption(doc, BOX.suffix, t.suffixOptions, 3, reg.suffix, ink);

  const home = reg.homeAddress;
  answer(doc, BOX.homeStreet, home.street);
  answer(doc, BOX.homeUnit, home.unit, UNIT);
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
  // On the rule drawn across box 6; the longest numbers a state takes (60 characters) wrap above it.
  typeAnswer(doc, reg.idNumber, { xPx: BOX.idNumber[0] + 14, rightPx: BOX.idNumber[2] - 14, baselinePx: 334, twoLines: true });
  answer(doc, BOX.party, reg.party, UNDER_HINT);
  answer(doc, BOX.race, reg.race, UNDER_HINT);

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
    answer(doc, BOX.previousUnit, previous.unit, UNIT);
    answer(doc, BOX.previousCity, previous.city);
    answer(doc, BOX.previousState, previous.state);
    answer(doc, BOX.previousZip, previous.zip);
  }
}

function streetWithUnit(address: PdfAddress): string {
  return address.unit ? `${address.street}, ${address.unit}` : address.street;
}

interface AnswerFit {
  /** How far above the box's bottom edge the baseline sits. */
  raisePx: number;
  /** Whether a second line fits between the box's label and the baseline. */
  twoLines: boolean;
}

const BOTTOM: AnswerFit = { raisePx: 4, twoLines: true };
/** Boxes 7 and 8: a label and a hint line above; two answer lines still fit under the hint. */
const UNDER_HINT: AnswerFit = { raisePx: 6, twoLines: true };
/** "Apt. or Lot #": the Spanish label takes two lines ("No. de depto. / o lote"), so a second
 * answer line would run into it; the unit's length limit is set to fit one line. */
const UNIT: AnswerFit = { raisePx: 4, twoLines: false };

/** Types `text` near the bottom of `box`, fitted to the box (see answer-text.ts). */
function answer(doc: Doc, box: BoxPx, text: string | undefined, fit: AnswerFit = BOTTOM): void {
  if (!text) return;
  typeAnswer(doc, text, { xPx: box[0] + 6, rightPx: box[2] - 4, baselinePx: box[3] - fit.raisePx, twoLines: fit.twoLines });
}

/** Ticks the printed choice matching `value` (see printed-choice.ts); a value the form does not
 * print gets its own tick box, labelled in the answers' ink, in the next free place. */
function chooseOption(doc: Doc, box: BoxPx, options: readonly string[], perRow: number, value: string | undefined, ink: Ink): void {
  if (!value) return;
  const choice = printedChoice(options, value);
  const spots = optionTickPositions(box, options.length + 1, perRow);
  const spot = 'index' in choice ? spots[choice.index] : spots[options.length];
  if (!spot) return;
  if ('added' in choice) {
    tickBox(doc, spot.x, spot.y, OPTION_TICK_SIZE, ink.answer);
    doc
      .font(FONT.regular)
      .fontSize(6.4)
      .fillColor(ink.answer)
      .text(choice.added, px(spot.x + 8), py(spot.y - 0.5), { lineBreak: false });
  }
  tickMark(doc, spot.x, spot.y, OPTION_TICK_SIZE, ink.answer);
}

function fillDateOfBirth(doc: Doc, isoDate: string): void {
  const [year, month, day] = isoDate.split('-');
  const baseline = BOX.dateOfBirth[1] + 30;
  for (const [part, centerPx] of [
    [month, 130],
    [day, 174],
    [year, 218],
  ] as const) {
    if (!part) continue;
    const halfWidthPx = doc.font(ANSWER_FONT_NAME).fontSize(ANSWER_SIZE).widthOfString(part) / px(2);
    typeLine(doc, part, centerPx - halfWidthPx, py(baseline), ANSWER_SIZE);
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
  doc
    .font(FONT.bold)
    .fontSize(6.5)
    .text(reg.uid, px(OFFICE_USE[0] + 12), py(bottom) - 10, { lineBreak: false });
}
