// Small drawing helpers over pdfkit, in reference-pixel coordinates (see geometry.ts).
import type PDFDocument from 'pdfkit';
import { px, py, type BoxPx } from './geometry.js';

export type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  font: string;
  size: number;
  color: string;
}

/** Text whose top-left corner is at (xPx, yPx); never wraps. */
export function textAt(doc: Doc, text: string, xPx: number, yPx: number, style: TextStyle): void {
  doc.font(style.font).fontSize(style.size).fillColor(style.color);
  doc.text(text, px(xPx), py(yPx), { lineBreak: false });
}

/** Text centred on xPx. */
export function textCentered(doc: Doc, text: string, centerPx: number, yPx: number, style: TextStyle): void {
  doc.font(style.font).fontSize(style.size);
  const width = doc.widthOfString(text);
  textAt(doc, text, (px(centerPx) - width / 2) / px(1), yPx, style);
}

/** Runs of text on one line, each with its own style, starting at (xPx, yPx). */
export function textRuns(doc: Doc, runs: ReadonlyArray<readonly [string, TextStyle]>, xPx: number, yPx: number): void {
  let x = px(xPx);
  for (const [text, style] of runs) {
    doc.font(style.font).fontSize(style.size).fillColor(style.color);
    doc.text(text, x, py(yPx), { lineBreak: false });
    x += doc.widthOfString(text);
  }
}

/** Lines of text, one under the other, `leadingPx` apart. */
export function textLines(doc: Doc, lines: readonly string[], xPx: number, yPx: number, leadingPx: number, style: TextStyle): void {
  lines.forEach((line, index) => textAt(doc, line, xPx, yPx + index * leadingPx, style));
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
  doc.moveTo(left, top).lineTo(left + span, top + span).stroke();
  doc.moveTo(left + span, top).lineTo(left, top + span).stroke();
}
