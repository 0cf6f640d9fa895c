// How one typed answer fits its box: full size when it can, shrunk when it is long, and on two
// lines when one line would get too small to read: split at the word break that balances the
// lines best, or, for one long word, inside it. Never below MIN_ANSWER_SIZE for an answer the
// server accepts: the field limits (server/registrations/field-rules.ts) are set so that the
// longest answer each box takes still fits at that size (test/unit/server/pdf/long-answers.test.ts).
import { ANSWER_FONT_NAME, answerFontAscender } from './answer-font.js';
import type { Doc } from './draw.js';
import { px, py } from './geometry.js';

export const ANSWER_SIZE = 9.5;
/** The smallest size an accepted answer is printed at: still read without a magnifier. */
export const MIN_ANSWER_SIZE = 6;
/** Below this a single line is split in two (where the box has room for two). */
const SMALLEST_ONE_LINE = 6.5;
const LARGEST_TWO_LINES = 7.5;
/** Baseline to baseline of a two-line answer, per point of size. */
const TWO_LINE_LEADING = 1.1;

export interface AnswerPlace {
  xPx: number;
  rightPx: number;
  baselinePx: number;
  /** Whether the box has room for a second line above the baseline. */
  twoLines: boolean;
  /** The size the text has when it fits; ANSWER_SIZE by default. */
  size?: number;
}

/** What typeAnswer prints: one or two lines (top first), all in one size. */
export interface AnswerLayout {
  size: number;
  lines: [string] | [string, string];
}

export function typeAnswer(doc: Doc, text: string, place: AnswerPlace): void {
  const { size, lines } = layoutAnswer(doc, text, place);
  const baseline = py(place.baselinePx);
  lines.forEach((lineText, index) =>
    typeLine(doc, lineText, place.xPx, baseline - (lines.length - 1 - index) * size * TWO_LINE_LEADING, size),
  );
}

export function layoutAnswer(doc: Doc, text: string, place: AnswerPlace): AnswerLayout {
  const fullSize = place.size ?? ANSWER_SIZE;
  const room = px(place.rightPx) - px(place.xPx);
  doc.font(ANSWER_FONT_NAME).fontSize(fullSize);
  const widthOf = (part: string) => doc.widthOfString(part);
  const oneLineSize = Math.min(fullSize, (fullSize * room) / widthOf(text));
  if (!place.twoLines || oneLineSize >= SMALLEST_ONE_LINE) return { size: oneLineSize, lines: [text] };
  const halves = splitInTwo(text, widthOf, (fullSize * room) / MIN_ANSWER_SIZE);
  if (!halves) return { size: oneLineSize, lines: [text] };
  const size = Math.min(LARGEST_TWO_LINES, (fullSize * room) / Math.max(widthOf(halves[0]), widthOf(halves[1])));
  // A lopsided split is only worth it if it lets the text grow.
  return size > oneLineSize ? { size, lines: halves } : { size: oneLineSize, lines: [text] };
}

/** Places text by its baseline, in the answer font (pdfkit places text by its top). */
export function typeLine(doc: Doc, text: string, xPx: number, baselinePt: number, size: number): void {
  doc
    .font(ANSWER_FONT_NAME)
    .fontSize(size)
    .text(text, px(xPx), baselinePt - answerFontAscender() * size, { lineBreak: false });
}

/**
 * `text` in two lines whose wider one is as narrow as possible, measured by `widthOf` at full
 * size: broken at a space (dropped) or after a hyphen or slash (kept) when that fits within
 * `widestAllowed`, else inside a word (one name of 50 letters). Null for a single character.
 */
export function splitInTwo(text: string, widthOf: (part: string) => number, widestAllowed: number): [string, string] | null {
  const atWordBreak = bestSplit(text, wordBreaks(text), widthOf);
  if (atWordBreak && atWordBreak.widest <= widestAllowed) return atWordBreak.halves;
  const inWord = bestSplit(text, characterBreaks(text), charWidthsOf(text, widthOf));
  if (!inWord) return atWordBreak?.halves ?? null;
  return atWordBreak && atWordBreak.widest <= inWord.widest ? atWordBreak.halves : inWord.halves;
}

interface Break {
  /** End of the first line (exclusive) and start of the second, as string indexes. */
  end: number;
  start: number;
}

function wordBreaks(text: string): Break[] {
  const breaks: Break[] = [];
  for (let index = 1; index < text.length - 1; index++) {
    const char = text[index];
    if (char === ' ') breaks.push({ end: index, start: index + 1 });
    else if (char === '-' || char === '/') breaks.push({ end: index + 1, start: index + 1 });
  }
  return breaks;
}

/** Every boundary between two characters that does not part a letter from its combining accent. */
function characterBreaks(text: string): Break[] {
  const breaks: Break[] = [];
  let index = 0;
  for (const char of text) {
    index += char.length;
    if (index < text.length && !/^\p{M}/u.test(text.slice(index))) breaks.push({ end: index, start: index });
  }
  return breaks;
}

/** Widths of a text's parts from each character's own width: close enough to choose a break,
 * without laying out every candidate (the chosen lines are measured whole). */
function charWidthsOf(text: string, widthOf: (part: string) => number): (part: string) => number {
  const widths = new Map<string, number>();
  for (const char of text) if (!widths.has(char)) widths.set(char, widthOf(char));
  return (part) => [...part].reduce((total, char) => total + (widths.get(char) ?? 0), 0);
}

function bestSplit(
  text: string,
  breaks: readonly Break[],
  widthOf: (part: string) => number,
): { halves: [string, string]; widest: number } | null {
  let best: { halves: [string, string]; widest: number } | null = null;
  for (const { end, start } of breaks) {
    const halves: [string, string] = [text.slice(0, end).trimEnd(), text.slice(start).trimStart()];
    if (!halves[0] || !halves[1]) continue;
    const widest = Math.max(widthOf(halves[0]), widthOf(halves[1]));
    if (!best || widest < best.widest) best = { halves, widest };
  }
  return best;
}
