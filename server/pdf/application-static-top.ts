// The static upper half of the application page: title, the eligibility questions, the office-use
// box, boxes 1–9 and the first-time-voter note. Drawn once per language (see static-layer.ts).
import { BOX, ELIGIBILITY, ELIGIBILITY_TICKS, FRAME, NUMBER_COLUMN_RIGHT, OFFICE_USE, ROW_TOPS, optionTickPositions } from './application-grid.js';
import { line, squareBullet, strokeBox, textAt, textCentered, textLines, textRuns, tickBox, type Doc, type TextStyle } from './draw.js';
import { px, py, type BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import type { PdfStrings } from './strings.js';

export const TICK_SIZE = 6.5;
export const OPTION_TICK_SIZE = 5;

export function drawApplicationTop(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const label: TextStyle = { font: FONT.regular, size: 6.6, color: ink.form };
  const hint: TextStyle = { font: FONT.regular, size: 4.6, color: ink.form };
  const number: TextStyle = { font: FONT.bold, size: 11, color: ink.form };

  textCentered(doc, t.title, 400, 10, { font: FONT.bold, size: 15.5, color: ink.red });
  t.subtitle.forEach((lineText, index) =>
    textCentered(doc, lineText, 404, 36 + index * 14, { font: FONT.bold, size: 8.4, color: ink.form }),
  );

  drawEligibility(doc, strings, ink, label);
  drawGridRules(doc, ink);

  // Box numbers in their columns.
  const numbers: Array<[string, number, number]> = [
    ['1', 24, ROW_TOPS.r1 + 14], ['2', 24, ROW_TOPS.r2 + 14], ['3', 24, ROW_TOPS.r3 + 15],
    ['4', 24, ROW_TOPS.r4 + 16], ['7', 24, ROW_TOPS.r7 + 6], ['9', 24, ROW_TOPS.r9 + 46],
    ['5', 248, ROW_TOPS.r4 + 16], ['8', 248, ROW_TOPS.r7 + 6], ['6', 446, ROW_TOPS.r4 + 16],
  ];
  for (const [text, x, y] of numbers) textAt(doc, text, x, y, number);

  drawNameRow(doc, strings, ink, label);
  drawAddressRows(doc, strings, label);
  drawBoxesFourToEight(doc, strings, ink, label, hint);
  drawOath(doc, strings, ink);

  textRuns(doc, [[t.firstTimeLead + ' ', { font: FONT.bold, size: 7.6, color: ink.red }], [t.firstTimeLines[0] ?? '', { font: FONT.regular, size: 7.6, color: ink.red }]], 22, 514);
  textLines(doc, t.firstTimeLines.slice(1), 22, 528, 14, { font: FONT.regular, size: 7.6, color: ink.red });
}

function drawEligibility(doc: Doc, strings: PdfStrings, ink: Ink, label: TextStyle): void {
  const t = strings.form;
  strokeBox(doc, ELIGIBILITY, ink.form);
  strokeBox(doc, OFFICE_USE, ink.form);
  const question: TextStyle = { ...label, size: 6.8 };
  textAt(doc, t.citizenQuestion, 25, ELIGIBILITY_TICKS.citizenY, question);
  textAt(doc, t.ageQuestion, 25, ELIGIBILITY_TICKS.ageY, question);
  for (const y of [ELIGIBILITY_TICKS.citizenY, ELIGIBILITY_TICKS.ageY]) {
    textAt(doc, t.yes, ELIGIBILITY_TICKS.yesX - 18, y, question);
    tickBox(doc, ELIGIBILITY_TICKS.yesX, y - 1, TICK_SIZE, ink.form);
    textAt(doc, t.no, ELIGIBILITY_TICKS.noX - 16, y, question);
    tickBox(doc, ELIGIBILITY_TICKS.noX, y - 1, TICK_SIZE, ink.form);
  }
  textAt(doc, t.noWarning, 23, 115, { font: FONT.bold, size: 6.6, color: ink.red });
  textAt(doc, t.under18Note, 23, 127, { font: FONT.regular, size: 5, color: ink.form });
  textLines(doc, t.officeUse, 474, 79, 11, { ...label, size: 6.8 });
}

function drawGridRules(doc: Doc, ink: Ink): void {
  const c = ink.form;
  const [left, , right, bottom] = FRAME;
  strokeBox(doc, [left, ROW_TOPS.r1, right, bottom], c);
  line(doc, NUMBER_COLUMN_RIGHT, ROW_TOPS.r1, NUMBER_COLUMN_RIGHT, bottom, c);
  for (const y of [ROW_TOPS.r2, ROW_TOPS.r3, ROW_TOPS.r4, ROW_TOPS.r9]) line(doc, left, y, right, y, c);
  line(doc, left, ROW_TOPS.r7, 438, ROW_TOPS.r7, c);
  // Cell walls of each row.
  for (const box of [BOX.lastName, BOX.firstName, BOX.middleNames, BOX.suffix]) line(doc, box[0], ROW_TOPS.r1, box[0], ROW_TOPS.r2, c);
  for (const box of [BOX.homeUnit, BOX.homeCity, BOX.homeState, BOX.homeZip]) line(doc, box[0], ROW_TOPS.r2, box[0], ROW_TOPS.r3, c);
  for (const box of [BOX.mailCity, BOX.mailState, BOX.mailZip]) line(doc, box[0], ROW_TOPS.r3, box[0], ROW_TOPS.r4, c);
  // Number columns of boxes 5/8 and 6 inside the grid.
  for (const x of [242, 265, 438, 465]) line(doc, x, ROW_TOPS.r4, x, ROW_TOPS.r9, c);
}

/** The tick boxes of the title and suffix choices ("mark one"). */
export function drawOptionTicks(doc: Doc, box: BoxPx, options: readonly string[], perRow: number, markOne: string, ink: Ink): void {
  textAt(doc, markOne, box[0] + 7, box[1] + 3, { font: FONT.regular, size: 4.6, color: ink.form });
  optionTickPositions(box, options.length, perRow).forEach((spot, index) => {
    tickBox(doc, spot.x, spot.y, OPTION_TICK_SIZE, ink.form);
    textAt(doc, options[index] ?? '', spot.x + 8, spot.y, { font: FONT.regular, size: 5.4, color: ink.form });
  });
}

function drawNameRow(doc: Doc, strings: PdfStrings, ink: Ink, label: TextStyle): void {
  const t = strings.form;
  drawOptionTicks(doc, BOX.title, t.titleOptions, 2, t.markOne, ink);
  drawOptionTicks(doc, BOX.suffix, t.suffixOptions, 3, t.markOne, ink);
  textAt(doc, t.lastName, BOX.lastName[0] + 4, BOX.lastName[1] + 4, label);
  textAt(doc, t.firstName, BOX.firstName[0] + 4, BOX.firstName[1] + 3, label);
  textAt(doc, t.middleNames, BOX.middleNames[0] + 5, BOX.middleNames[1] + 6, label);
}

function drawAddressRows(doc: Doc, strings: PdfStrings, label: TextStyle): void {
  const t = strings.form;
  textAt(doc, t.homeAddress, BOX.homeStreet[0] + 5, BOX.homeStreet[1] + 4, label);
  textLines(doc, t.aptOrLot, BOX.homeUnit[0] + 5, BOX.homeUnit[1] + 4, 10, label);
  for (const [city, state, zip] of [[BOX.homeCity, BOX.homeState, BOX.homeZip], [BOX.mailCity, BOX.mailState, BOX.mailZip]] as const) {
    textAt(doc, t.cityTown, city[0] + 5, city[1] + 5, label);
    textAt(doc, t.state, state[0] + 4, state[1] + 5, label);
    textAt(doc, t.zipCode, zip[0] + 5, zip[1] + 6, label);
  }
  textAt(doc, t.mailingAddress, BOX.mailStreet[0] + 5, BOX.mailStreet[1] + 4, label);
}

function drawBoxesFourToEight(doc: Doc, strings: PdfStrings, ink: Ink, label: TextStyle, hint: TextStyle): void {
  const t = strings.form;
  const [dobLeft, dobTop] = BOX.dateOfBirth;
  textAt(doc, t.dateOfBirth, dobLeft + 5, dobTop + 4, label);
  line(doc, 58, dobTop + 33, 230, dobTop + 33, ink.form, 0.6);
  textCentered(doc, t.month, 130, dobTop + 36, label);
  textCentered(doc, t.day, 174, dobTop + 36, label);
  textCentered(doc, t.year, 218, dobTop + 36, label);
  textAt(doc, t.phone, BOX.phone[0] + 5, BOX.phone[1] + 4, label);
  textRuns(doc, [[t.idNumber, label], [t.idNumberHint, hint]], BOX.idNumber[0] + 7, BOX.idNumber[1] + 4);
  line(doc, 478, 337, 770, 337, ink.form, 0.6);
  textAt(doc, t.party, BOX.party[0] + 4, BOX.party[1] + 3, label);
  textAt(doc, t.partyHint, BOX.party[0] + 4, BOX.party[1] + 14, hint);
  textAt(doc, t.race, BOX.race[0] + 5, BOX.race[1] + 3, label);
  textAt(doc, t.raceHint, BOX.race[0] + 5, BOX.race[1] + 14, hint);
}

function drawOath(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const body: TextStyle = { font: FONT.regular, size: 7.8, color: ink.form };
  textAt(doc, t.oath, 48, 376, body);
  let y = 391;
  for (const item of t.oathItems) {
    squareBullet(doc, 50, y + 2.5, ink.form);
    textLines(doc, item, 60, y, 14.3, body);
    y += item.length * 14.3;
  }
  strokeBox(doc, BOX.signature, ink.form);
  const signHereY = BOX.signature[3] + 3;
  textCentered(doc, t.signHere, 580, signHereY, { ...body, size: 6.8 });
  // The small arrow pointing up at the signature box.
  const arrowX = px(580) + doc.font(FONT.regular).fontSize(6.8).widthOfString(t.signHere) / 2 + 7;
  const arrowTop = py(signHereY) + 1.5;
  doc.fillColor(ink.form).polygon([arrowX, arrowTop], [arrowX - 4, arrowTop + 4], [arrowX + 4, arrowTop + 4]).fill();
  textAt(doc, t.date, 415, 470, { ...body, size: 7 });
  strokeBox(doc, BOX.signatureDate, ink.form);
  line(doc, 520, 487, 532, 462, ink.form);
  line(doc, 578, 487, 590, 462, ink.form);
  textCentered(doc, t.month, 485, 489, { ...body, size: 6.8 });
  textCentered(doc, t.day, 550, 489, { ...body, size: 6.8 });
  textCentered(doc, t.year, 623, 489, { ...body, size: 6.8 });
}
