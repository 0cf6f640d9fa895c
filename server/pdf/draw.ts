// Small drawing helpers over pdfkit, in reference-pixel coordinates (see geometry.ts).
import type PDFDocument from 'pdfkit';
import { px, py, type BoxPx } from './geometry.js';

export type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  font: string;
  size: number;
  color: string;
}

/** Text whose top-left corner is at (xPx, yPx); never wraps. With `maxRightPx`, the font
 * shrinks as needed to end there (Spanish labels run longer than the English ones). */
export function textAt(doc: Doc, text: string, xPx: number, yPx: number, style: TextStyle, maxRightPx?: number): void {
  const fittedStyle = maxRightPx === undefined ? style : fitted(doc, [text], style, px(maxRightPx) - px(xPx));
  doc.font(fittedStyle.font).fontSize(fittedStyle.size).fillColor(fittedStyle.color);
  doc.text(text, px(xPx), py(yPx), { lineBreak: false });
}

/** Text centred on centerPx, shrunk to at most maxWidthPx if given. */
export function textCentered(doc: Doc, text: string, centerPx: number, yPx: number, style: TextStyle, maxWidthPx?: number): void {
  const fittedStyle = maxWidthPx === undefined ? style : fitted(doc, [text], style, px(maxWidthPx));
  doc.font(fittedStyle.font).fontSize(fittedStyle.size);
  const width = doc.widthOfString(text);
  doc.fillColor(fittedStyle.color).text(text, px(centerPx) - width / 2, py(yPx), { lineBreak: false });
}

/** Runs of text on one line, each with its own style, starting at (xPx, yPx); all shrunk
 * by the same factor if they would pass maxRightPx. */
export function textRuns(doc: Doc, runs: ReadonlyArray<readonly [string, TextStyle]>, xPx: number, yPx: number, maxRightPx?: number): void {
  const scale = maxRightPx === undefined ? 1 : Math.min(1, (px(maxRightPx) - px(xPx)) / runsWidth(doc, runs));
  let x = px(xPx);
  for (const [text, style] of runs) {
    doc
      .font(style.font)
      .fontSize(style.size * scale)
      .fillColor(style.color);
    doc.text(text, x, py(yPx), { lineBreak: false });
    x += doc.widthOfString(text);
  }
}

/** Lines of text, one under the other, `leadingPx` apart, all in one size that fits maxRightPx. */
export function textLines(
  doc: Doc,
  lines: readonly string[],
  xPx: number,
  yPx: number,
  leadingPx: number,
  style: TextStyle,
  maxRightPx?: number,
): void {
  const fittedStyle = maxRightPx === undefined ? style : fitted(doc, lines, style, px(maxRightPx) - px(xPx));
  lines.forEach((line, index) => textAt(doc, line, xPx, yPx + index * leadingPx, fittedStyle));
}

function runsWidth(doc: Doc, runs: ReadonlyArray<readonly [string, TextStyle]>): number {
  return runs.reduce((total, [text, style]) => total + doc.font(style.font).fontSize(style.size).widthOfString(text), 0);
}

/** `style`, shrunk if needed so that the widest of `lines` is at most maxWidthPt. */
function fitted(doc: Doc, lines: readonly string[], style: TextStyle, maxWidthPt: number): TextStyle {
  doc.font(style.font).fontSize(style.size);
  const widest = Math.max(...lines.map((line) => doc.widthOfString(line)));
  return widest <= maxWidthPt ? style : { ...style, size: (style.size * maxWidthPt) / widest };
}

export function strokeBox(doc: Doc, box: BoxPx, color: string, width = 0.75): void {
  const [left, top, right, bottom] = box;
  doc.lineWidth(width).strokeColor(color);
  doc.rect(px(left), py(top), px(right) - px(left), py(bottom) - py(top)).stroke();
}

export function line(doc: Doc, x1Px: number, y1Px: number, x2Px: number, y2Px: number, color: string, width = 0.75): void {
  doc.lineWidth(width).strokeColor(color);
  doc.moveTo(px(x1Px), py(y1Px)).lineTo(px(x2Px), py(y2Px)).stroke();
}

/** A small square bullet, as the form uses in box 9 and section C. */
export function squareBullet(doc: Doc, xPx: number, yPx: number, color: string): void {
  doc.fillColor(color).rect(px(xPx), py(yPx), 4.2, 4.2).fill();
}

/** An empty tick box of `sizePt` points whose top-left is at (xPx, yPx). */
export function tickBox(doc: Doc, xPx: number, yPx: number, sizePt: number, color: string): void {
  doc.lineWidth(0.6).strokeColor(color).rect(px(xPx), py(yPx), sizePt, sizePt).stroke();
}

/** A bold X across a tick box drawn by tickBox at the same place. */
export function tickMark(doc: Doc, xPx: number, yPx: number, sizePt: number, color: string): void {
  const inset = sizePt * 0.18;
  const left = px(xPx) + inset;
  const top = py(yPx) + inset;
  const span = sizePt - 2 * inset;
  doc.lineWidth(1.3).strokeColor(color);
  doc
    .moveTo(left, top)
    .lineTo(left + span, top + span)
    .stroke();
  doc
    .moveTo(left + span, top)
    .lineTo(left, top + span)
    .stroke();
}
