// The static lower half of the application page: sections A–D (previous name, previous address,
// the rural-address map with its worked example, the helper) and the closing mailing line.
import { BOX, NUMBER_COLUMN_RIGHT, SECTION } from './application-grid.js';
import { boxLabel, drawOptionTicks, formStyles } from './application-parts.js';
import { line, squareBullet, strokeBox, textAt, textCentered, textLines, textRuns, type Doc, type TextStyle } from './draw.js';
import { px, py, type BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import type { PdfStrings } from './strings.js';

export function drawApplicationSections(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const { label, number: letter } = formStyles(ink);
  const intro: TextStyle = { font: FONT.regular, size: 8.3, color: ink.form };
  const introBold: TextStyle = { ...intro, font: FONT.bold };
  const introRight = 784;

  const heading = t.sectionsHeading;
  const headingSize = heading.length > 1 ? 14 : 16;
  textLines(doc, heading, 18, heading.length > 1 ? 553 : 566, 24, { font: FONT.boldItalic, size: headingSize, color: ink.red }, introRight);

  // A: previous name.
  textRuns(
    doc,
    [
      [t.changeOfName[0] ?? '', intro],
      [t.changeOfName[1] ?? '', introBold],
      [t.changeOfName[2] ?? '', intro],
    ],
    28,
    602,
    introRight,
  );
  drawSectionFrame(doc, SECTION.a, 'A', letter, ink);
  for (const box of [BOX.previousLastName, BOX.previousFirstName, BOX.previousMiddleNames, BOX.previousSuffix])
    line(doc, box[0], box[1], box[0], box[3], ink.form);
  drawOptionTicks(doc, BOX.previousTitle, t.titleOptions, 2, t.markOne, ink);
  drawOptionTicks(doc, BOX.previousSuffix, t.suffixOptions, 3, t.markOne, ink);
  boxLabel(doc, t.lastName, BOX.previousLastName, label);
  boxLabel(doc, t.firstName, BOX.previousFirstName, label);
  boxLabel(doc, t.middleNames, BOX.previousMiddleNames, label);

  // B: previous address.
  textRuns(
    doc,
    [
      [t.registeredBefore[0] ?? '', intro],
      [t.registeredBefore[1] ?? '', introBold],
      [t.registeredBefore[2] ?? '', intro],
    ],
    28,
    672,
    introRight,
  );
  drawSectionFrame(doc, SECTION.b, 'B', letter, ink);
  for (const box of [BOX.previousUnit, BOX.previousCity, BOX.previousState, BOX.previousZip])
    line(doc, box[0], box[1], box[0], box[3], ink.form);
  boxLabel(doc, t.street, BOX.previousStreet, label);
  textLines(doc, t.aptOrLot, BOX.previousUnit[0] + 5, BOX.previousUnit[1] + 3, 11, label, BOX.previousUnit[2] - 3);
  boxLabel(doc, t.cityTownCounty, BOX.previousCity, label);
  boxLabel(doc, t.state, BOX.previousState, label);
  boxLabel(doc, t.zipCode, BOX.previousZip, label);

  // C: the map.
  textAt(doc, t.ruralIntro, 28, 738, intro, introRight);
  drawSectionFrame(doc, SECTION.c, 'C', letter, ink);
  drawMapSection(doc, strings, ink);

  // D: who helped.
  textAt(doc, t.helperIntro, 28, 960, intro, introRight);
  drawSectionFrame(doc, SECTION.d, 'D', letter, ink);

  textCentered(doc, t.mailLine, 408, 1020, { font: FONT.bold, size: 16, color: ink.red }, 760);
}

function drawSectionFrame(doc: Doc, box: BoxPx, name: string, letter: TextStyle, ink: Ink): void {
  strokeBox(doc, box, ink.form);
  line(doc, NUMBER_COLUMN_RIGHT, box[1], NUMBER_COLUMN_RIGHT, box[3], ink.form);
  textAt(doc, name, 24, (box[1] + box[3]) / 2 - 7, letter);
}

function drawMapSection(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const body: TextStyle = { font: FONT.regular, size: 9.2, color: ink.form };
  let y = 760;
  for (const step of t.mapSteps) {
    squareBullet(doc, 52, y + 3, ink.form);
    textLines(doc, step, 63, y, 13, body, 445);
    y += step.length * 13 + 8;
  }

  // The worked example: two roads, a store, a school and the X of a home.
  const c = ink.form;
  const mapLabel: TextStyle = { ...body, size: 7.6 };
  textAt(doc, t.mapExample, 62, 850, mapLabel);
  line(doc, 58, 867, 140, 867, c, 0.6);
  line(doc, 50, 843, 50, 940, c);
  line(doc, 50, 897, 195, 897, c);
  line(doc, 195, 843, 195, 897, c);
  line(doc, 213, 843, 213, 897, c);
  line(doc, 213, 843, 363, 843, c);
  line(doc, 363, 843, 363, 940, c);
  line(doc, 213, 897, 363, 897, c);
  line(doc, 50, 913, 195, 913, c);
  line(doc, 211, 913, 363, 913, c);
  line(doc, 195, 913, 195, 940, c);
  line(doc, 211, 913, 211, 940, c);
  line(doc, 50, 940, 363, 940, c);
  doc.save();
  doc.translate(px(200), py(895)).rotate(-90);
  doc.font(FONT.regular).fontSize(7).fillColor(c).text(t.mapRoute, 0, 0, { lineBreak: false });
  doc.restore();
  doc.fillColor(c).circle(px(250), py(882), 2.2).fill();
  textAt(doc, t.mapStore, 260, 877, mapLabel, 360);
  textCentered(doc, t.mapRoad, 277, 900, mapLabel);
  textAt(doc, t.mapSchool, 96, 920, mapLabel, 180);
  doc.fillColor(c).circle(px(186), py(926), 2.2).fill();
  textAt(doc, 'X', 337, 918, { ...body, size: 10 });

  // The voter's own map: a blank crossroads to draw on.
  for (const x of [597, 620]) {
    line(doc, x, 760, x, 840, c);
    line(doc, x, 867, x, 955, c);
  }
  for (const yLine of [840, 867]) {
    line(doc, 450, yLine, 597, yLine, c);
    line(doc, 620, yLine, 770, yLine, c);
  }
  textAt(doc, t.north, 715, 761, { font: FONT.bold, size: 8, color: c });
  const arrowX = px(771);
  line(doc, 771, 777, 771, 760, c, 1.2);
  doc
    .fillColor(c)
    .polygon([arrowX, py(758)], [arrowX - 4, py(766)], [arrowX + 4, py(766)])
    .fill();
}
