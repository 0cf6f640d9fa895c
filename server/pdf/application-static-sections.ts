// The static lower half of the application page: sections A–D (previous name, previous address,
// the rural-address map with its worked example, the helper) and the closing mailing line.
import { BOX, NUMBER_COLUMN_RIGHT, SECTION } from './application-grid.js';
import { drawOptionTicks } from './application-static-top.js';
import { line, squareBullet, strokeBox, textAt, textCentered, textLines, textRuns, type Doc, type TextStyle } from './draw.js';
import { px, py, type BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';
import type { PdfStrings } from './strings.js';

export function drawApplicationSections(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const label: TextStyle = { font: FONT.regular, size: 6.6, color: ink.form };
  const intro: TextStyle = { font: FONT.regular, size: 6.2, color: ink.form };
  const introBold: TextStyle = { ...intro, font: FONT.bold };
  const letter: TextStyle = { font: FONT.bold, size: 11, color: ink.form };

  const heading = t.sectionsHeading;
  const headingSize = heading.length > 1 ? 12 : 14;
  textLines(doc, heading, 18, heading.length > 1 ? 556 : 568, 23, { font: FONT.boldItalic, size: headingSize, color: ink.red });

  // A: previous name.
  textRuns(doc, [[t.changeOfName[0] ?? '', intro], [t.changeOfName[1] ?? '', introBold], [t.changeOfName[2] ?? '', intro]], 28, 603);
  drawSectionFrame(doc, SECTION.a, 'A', letter, ink);
  for (const box of [BOX.previousLastName, BOX.previousFirstName, BOX.previousMiddleNames, BOX.previousSuffix]) line(doc, box[0], box[1], box[0], box[3], ink.form);
  drawOptionTicks(doc, BOX.previousTitle, t.titleOptions, 2, t.markOne, ink);
  drawOptionTicks(doc, BOX.previousSuffix, t.suffixOptions, 3, t.markOne, ink);
  textAt(doc, t.lastName, BOX.previousLastName[0] + 4, BOX.previousLastName[1] + 6, label);
  textAt(doc, t.firstName, BOX.previousFirstName[0] + 4, BOX.previousFirstName[1] + 4, label);
  textAt(doc, t.middleNames, BOX.previousMiddleNames[0] + 5, BOX.previousMiddleNames[1] + 8, label);

  // B: previous address.
  const smallIntro: TextStyle = { ...intro, size: 5.6 };
  textRuns(doc, [[t.registeredBefore[0] ?? '', smallIntro], [t.registeredBefore[1] ?? '', { ...smallIntro, font: FONT.bold }], [t.registeredBefore[2] ?? '', smallIntro]], 31, 673);
  drawSectionFrame(doc, SECTION.b, 'B', letter, ink);
  for (const box of [BOX.previousUnit, BOX.previousCity, BOX.previousState, BOX.previousZip]) line(doc, box[0], box[1], box[0], box[3], ink.form);
  textAt(doc, t.street, BOX.previousStreet[0] + 8, BOX.previousStreet[1] + 5, label);
  textLines(doc, t.aptOrLot, BOX.previousUnit[0] + 7, BOX.previousUnit[1] + 3, 10, label);
  textAt(doc, t.cityTownCounty, BOX.previousCity[0] + 6, BOX.previousCity[1] + 7, label);
  textAt(doc, t.state, BOX.previousState[0] + 6, BOX.previousState[1] + 4, label);
  textAt(doc, t.zipCode, BOX.previousZip[0] + 5, BOX.previousZip[1] + 4, label);

  // C: the map.
  textAt(doc, t.ruralIntro, 31, 739, intro);
  drawSectionFrame(doc, SECTION.c, 'C', letter, ink);
  drawMapSection(doc, strings, ink);

  // D: who helped.
  textAt(doc, t.helperIntro, 28, 961, { ...intro, size: 5.6 });
  drawSectionFrame(doc, SECTION.d, 'D', letter, ink);

  textCentered(doc, t.mailLine, 408, 1020, { font: FONT.bold, size: 13, color: ink.red });
}

function drawSectionFrame(doc: Doc, box: BoxPx, name: string, letter: TextStyle, ink: Ink): void {
  strokeBox(doc, box, ink.form);
  line(doc, NUMBER_COLUMN_RIGHT, box[1], NUMBER_COLUMN_RIGHT, box[3], ink.form);
  textAt(doc, name, 24, (box[1] + box[3]) / 2 - 7, letter);
}

function drawMapSection(doc: Doc, strings: PdfStrings, ink: Ink): void {
  const t = strings.form;
  const body: TextStyle = { font: FONT.regular, size: 7, color: ink.form };
  let y = 761;
  for (const step of t.mapSteps) {
    squareBullet(doc, 52, y + 2.5, ink.form);
    textLines(doc, step, 63, y, 13, body);
    y += step.length * 13 + 8;
  }

  // The worked example: two roads, a store, a school and the X of a home.
  const c = ink.form;
  textAt(doc, t.mapExample, 62, 850, body);
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
  doc.font(FONT.regular).fontSize(6.4).fillColor(c).text(t.mapRoute, 0, 0, { lineBreak: false });
  doc.restore();
  doc.fillColor(c).circle(px(250), py(882), 2.2).fill();
  textAt(doc, t.mapStore, 262, 878, body);
  textCentered(doc, t.mapRoad, 277, 900, body);
  textAt(doc, t.mapSchool, 108, 921, body);
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
  textAt(doc, t.north, 720, 762, { font: FONT.bold, size: 6.6, color: c });
  const arrowX = px(771);
  line(doc, 771, 777, 771, 760, c, 1.2);
  doc.fillColor(c).polygon([arrowX, py(758)], [arrowX - 4, py(766)], [arrowX + 4, py(766)]).fill();
}
