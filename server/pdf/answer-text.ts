// How one typed answer fits its box: full size when it can, shrunk when it is long, and on two
// lines (split at the space nearest the middle) when one line would get too small to read.
// The longest answers the server accepts (100-character street lines) stay inside their box.
import type { Doc } from './draw.js';
import { px, py } from './geometry.js';
import { FONT } from './ink.js';

export const ANSWER_SIZE = 9.5;
/** Below this a single line is split in two (if it has a space). */
const SMALLEST_ONE_LINE = 6.5;
const LARGEST_TWO_LINES = 7.5;
/** Helvetica's ascender: pdfkit places text by its top; the baseline sits this far below. */
export const ASCENDER = 0.718;

export interface AnswerPlace {
  xPx: number;
  rightPx: number;
  baselinePx: number;
  /** Whether the box has room for a second line above the baseline. */
  twoLines: boolean;
  /** The size the text has when it fits; ANSWER_SIZE by default. */
  size?: number;
}

export function typeAnswer(doc: Doc, text: string, place: AnswerPlace): void {
  const fullSize = place.size ?? ANSWER_SIZE;
  const room = px(place.rightPx) - px(place.xPx);
  doc.font(FONT.regular).fontSize(fullSize);
  const width = doc.widthOfString(text);
  const oneLineSize = width > room ? (fullSize * room) / width : fullSize;
  const halves = place.twoLines && oneLineSize < SMALLEST_ONE_LINE ? splitNearMiddle(text) : null;
  const widest = halves ? Math.max(...halves.map((half) => doc.fontSize(fullSize).widthOfString(half))) : width;
  const size = Math.min(LARGEST_TWO_LINES, (fullSize * room) / widest);
  // A lopsided split (one long word) is only worth it if it lets the text grow.
  if (!halves || size <= oneLineSize) {
    typeLine(doc, text, place.xPx, py(place.baselinePx), oneLineSize);
    return;
  }
  const baseline = py(place.baselinePx);
  typeLine(doc, halves[0], place.xPx, baseline - size * 1.1, size);
  typeLine(doc, halves[1], place.xPx, baseline, size);
}

function typeLine(doc: Doc, text: string, xPx: number, baselinePt: number, size: number): void {
  doc.fontSize(size).text(text, px(xPx), baselinePt - ASCENDER * size, { lineBreak: false });
}

/** The text split at the space closest to its middle, or null if it has no space. */
export function splitNearMiddle(text: string): [string, string] | null {
  const middle = text.length / 2;
  let best = -1;
  for (let index = text.indexOf(' '); index !== -1; index = text.indexOf(' ', index + 1)) {
    if (best === -1 || Math.abs(index - middle) < Math.abs(best - middle)) best = index;
  }
  if (best <= 0) return null;
  return [text.slice(0, best).trimEnd(), text.slice(best + 1).trimStart()];
}
