// The static upper half of the application page: title, the eligibility questions, the office-use
// box, boxes 1–9 and the first-time-voter note. Drawn once per language (see static-layer.ts).
// Sizes are matched to the reference scan; every label is fitted to its box, since the Spanish
// wording runs longer.
import { BOX, ELIGIBILITY, ELIGIBILITY_TICKS, FRAME, NUMBER_COLUMN_RIGHT, OFFICE_USE, ROW_TOPS } from './application-grid.js';
import { TICK_SIZE, boxLabel, drawOptionTicks, formStyles, type FormStyles } from './application-parts.js';
import { line, squareBullet, strokeBox, textAt, textCentered, textLines, textRuns, tickBox, type Doc, type TextStyle } from './draw.js';
import { px, py } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import type { PdfStrings } from './strings.js';

export function drawApplicationTop(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const styles = formStyles(ink);

  textCentered(doc, t.title, 404, 9, { font: FONT.bold, size: 17, color: ink.red }, 760);
  t.subtitle.forEach((lineText, index) =>
    textCentered(doc, lineText, 404, 35 + index * 16, { font: FONT.bold, size: 10.8, color: ink.form }, 770),
  );

  drawEligibility(doc, strings, ink, styles);
  drawGridRules(doc, ink);

  // Box numbers in their columns.
  const numbers: Array<[string, number, number]> = [
    ['1', 24, ROW_TOPS.r1 + 13],
    ['2', 24, ROW_TOPS.r2 + 13],
    ['3', 24, ROW_TOPS.r3 + 14],
    ['4', 24, ROW_TOPS.r4 + 14],
    ['7', 24, ROW_TOPS.r7 + 4],
    ['9', 24, ROW_TOPS.r9 + 44],
    ['5', 248, ROW_TOPS.r4 + 14],
    ['8', 248, ROW_TOPS.r7 + 4],
    ['6', 446, ROW_TOPS.r4 + 14],
  ];
  for (const [text, x, y] of numbers) textAt(doc, text, x, y, styles.number);

  drawNameRow(doc, strings, ink, styles);
  drawAddressRows(doc, strings, styles);
  drawBoxesFourToEight(doc, strings, ink, styles);
  drawOath(doc, strings, ink);

  const red: TextStyle = { font: FONT.regular, size: 9.8, color: ink.red };
  textRuns(
    doc,
    [
      [t.firstTimeLead + ' ', { ...red, font: FONT.bold }],
      [t.firstTimeLines[0] ?? '', red],
    ],
    22,
    513,
    784,
  );
  textLines(doc, t.firstTimeLines.slice(1), 22, 528, 14, red, 784);
}

function drawEligibility(doc: Doc, strings: PdfStrings, ink: Ink, styles: FormStyles): void {
  const t = strings.form;
  strokeBox(doc, ELIGIBILITY, ink.form);
  strokeBox(doc, OFFICE_USE, ink.form);
  const question: TextStyle = { ...styles.label, size: 8.6 };
  const questionRight = ELIGIBILITY_TICKS.yesX - 30;
  textAt(doc, t.citizenQuestion, 25, ELIGIBILITY_TICKS.citizenY, question, questionRight);
  textAt(doc, t.ageQuestion, 25, ELIGIBILITY_TICKS.ageY, question, questionRight);
  // "Yes" and "No" end just left of their boxes, whatever their length in the language.
  const beforeBox = (text: string, boxX: number) => boxX - 4 - doc.font(question.font).fontSize(question.size).widthOfString(text) / px(1);
  for (const y of [ELIGIBILITY_TICKS.citizenY, ELIGIBILITY_TICKS.ageY]) {
    textAt(doc, t.yes, beforeBox(t.yes, ELIGIBILITY_TICKS.yesX), y, question);
    tickBox(doc, ELIGIBILITY_TICKS.yesX, y - 1, TICK_SIZE, ink.form);
    textAt(doc, t.no, beforeBox(t.no, ELIGIBILITY_TICKS.noX), y, question);
    tickBox(doc, ELIGIBILITY_TICKS.noX, y - 1, TICK_SIZE, ink.form);
  }
  textAt(doc, t.noWarning, 23, 114, { font: FONT.bold, size: 8, color: ink.red }, ELIGIBILITY[2] - 4);
  textAt(doc, t.under18Note, 23, 127, { ...styles.hint, size: 6.6 }, ELIGIBILITY[2] - 4);
  // The office's own lines, left of the QR code drawn with the answers.
  textLines(doc, t.officeUse, 474, 79, 12, { ...styles.label, size: 8.6 }, OFFICE_USE[2] - 80);
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

function drawNameRow(doc: Doc, strings: PdfStrings, ink: Ink, styles: FormStyles): void {
  const t = strings.form;
  drawOptionTicks(doc, BOX.title, t.titleOptions, 2, t.markOne, ink);
  drawOptionTicks(doc, BOX.suffix, t.suffixOptions, 3, t.markOne, ink);
  boxLabel(doc, t.lastName, BOX.lastName, styles.label);
  boxLabel(doc, t.firstName, BOX.firstName, styles.label);
  boxLabel(doc, t.middleNames, BOX.middleNames, styles.label);
}

function drawAddressRows(doc: Doc, strings: PdfStrings, styles: FormStyles): void {
  const t = strings.form;
  boxLabel(doc, t.homeAddress, BOX.homeStreet, styles.label);
  textLines(doc, t.aptOrLot, BOX.homeUnit[0] + 5, BOX.homeUnit[1] + 3, 11, styles.label, BOX.homeUnit[2] - 3);
  for (const [city, state, zip] of [
    [BOX.homeCity, BOX.homeState, BOX.homeZip],
    [BOX.mailCity, BOX.mailState, BOX.mailZip],
  ] as const) {
    boxLabel(doc, t.cityTown, city, styles.label);
    boxLabel(doc, t.state, state, styles.label);
    boxLabel(doc, t.zipCode, zip, styles.label);
  }
  boxLabel(doc, t.mailingAddress, BOX.mailStreet, styles.label);
}

function drawBoxesFourToEight(doc: Doc, strings: PdfStrings, ink: Ink, styles: FormStyles): void {
  const t = strings.form;
  const { label, hint } = styles;
  const dobTop = BOX.dateOfBirth[1];
  boxLabel(doc, t.dateOfBirth, BOX.dateOfBirth, label);
  line(doc, 58, dobTop + 33, 230, dobTop + 33, ink.form, 0.6);
  const small: TextStyle = { ...label, size: 7.6 };
  textCentered(doc, t.month, 130, dobTop + 36, small);
  textCentered(doc, t.day, 174, dobTop + 36, small);
  textCentered(doc, t.year, 218, dobTop + 36, small);
  boxLabel(doc, t.phone, BOX.phone, label);
  // Box 6: the hint follows the label on one line when it fits, else goes under it.
  const [idLeft, idTop, idRight] = BOX.idNumber;
  const idWidth =
    doc.font(label.font).fontSize(label.size).widthOfString(t.idNumber) +
    doc.font(hint.font).fontSize(hint.size).widthOfString(t.idNumberHint);
  if (idWidth <= px(idRight - 3) - px(idLeft + 7)) {
    textRuns(
      doc,
      [
        [t.idNumber, label],
        [t.idNumberHint, hint],
      ],
      idLeft + 7,
      idTop + 3,
    );
  } else {
    textAt(doc, t.idNumber, idLeft + 7, idTop + 3, label, idRight - 3);
    textAt(doc, t.idNumberHint, idLeft + 7, idTop + 16, hint, idRight - 3);
  }
  line(doc, 478, 337, 770, 337, ink.form, 0.6);
  boxLabel(doc, t.party, BOX.party, label, 2);
  textAt(doc, t.partyHint, BOX.party[0] + 5, BOX.party[1] + 15, hint, BOX.party[2] - 3);
  boxLabel(doc, t.race, BOX.race, label, 2);
  textAt(doc, t.raceHint, BOX.race[0] + 5, BOX.race[1] + 15, hint, BOX.race[2] - 3);
}

function drawOath(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const body: TextStyle = { font: FONT.regular, size: 9.6, color: ink.form };
  const right = BOX.signature[0] - 6;
  textAt(doc, t.oath, 48, 375, body, right);
  let y = 390;
  for (const item of t.oathItems) {
    squareBullet(doc, 50, y + 3, ink.form);
    textLines(doc, item, 60, y, 14.2, body, right);
    y += item.length * 14.2;
  }
  strokeBox(doc, BOX.signature, ink.form);
  const signHereY = BOX.signature[3] + 3;
  const signStyle: TextStyle = { ...body, size: 8.2 };
  textCentered(doc, t.signHere, 580, signHereY, signStyle);
  // The small arrow pointing up at the signature box.
  const arrowX = px(580) + doc.font(signStyle.font).fontSize(signStyle.size).widthOfString(t.signHere) / 2 + 7;
  const arrowTop = py(signHereY) + 1.5;
  doc
    .fillColor(ink.form)
    .polygon([arrowX, arrowTop], [arrowX - 4, arrowTop + 4.5], [arrowX + 4, arrowTop + 4.5])
    .fill();
  textAt(doc, t.date, 413, 469, signStyle);
  strokeBox(doc, BOX.signatureDate, ink.form);
  line(doc, 520, 487, 532, 462, ink.form);
  line(doc, 578, 487, 590, 462, ink.form);
  textCentered(doc, t.month, 485, 489, signStyle);
  textCentered(doc, t.day, 550, 489, signStyle);
  textCentered(doc, t.year, 623, 489, signStyle);
}
