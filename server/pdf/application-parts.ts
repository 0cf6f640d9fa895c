// Pieces the application page's static halves share: tick sizes, the type styles of labels,
// hints and box numbers, box labels fitted to their box, and the title/suffix tick choices.
import { optionTickPositions } from './application-grid.js';
import { textAt, tickBox, type Doc, type TextStyle } from './draw.js';
import type { BoxPx } from './geometry.js';
import { FONT, type Ink } from './ink.js';

export const TICK_SIZE = 7;
export const OPTION_TICK_SIZE = 5;

export interface FormStyles {
  label: TextStyle;
  hint: TextStyle;
  number: TextStyle;
}

export function formStyles(ink: Ink): FormStyles {
  return {
    label: { font: FONT.regular, size: 8.4, color: ink.form },
    hint: { font: FONT.regular, size: 5.6, color: ink.form },
    number: { font: FONT.bold, size: 12.5, color: ink.form },
  };
}

/** The tick boxes of the title and suffix choices ("mark one"). */
export function drawOptionTicks(doc: Doc, box: BoxPx, options: readonly string[], perRow: number, markOne: string, ink: Ink): void {
  textAt(doc, markOne, box[0] + 7, box[1] + 2, { font: FONT.regular, size: 5.6, color: ink.form }, box[2] - 3);
  optionTickPositions(box, options.length, perRow).forEach((spot, index) => {
    tickBox(doc, spot.x, spot.y, OPTION_TICK_SIZE, ink.form);
    textAt(doc, options[index] ?? '', spot.x + 8, spot.y - 0.5, { font: FONT.regular, size: 6.4, color: ink.form });
  });
}

/** A label at the top-left of a box, fitted to the box's width. */
export function boxLabel(doc: Doc, text: string, box: BoxPx, style: TextStyle, dyPx = 3): void {
  textAt(doc, text, box[0] + 5, box[1] + dyPx, style, box[2] - 3);
}
