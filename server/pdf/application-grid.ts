// Where each box of the application page sits, in reference pixels (left, top, right, bottom).
// Shared by the static drawing (labels, rules) and the fill (the voter's answers), so an answer
// always lands in the box that is labelled for it.
import type { BoxPx } from './geometry.js';

/** The outer frame of the top part (eligibility, boxes 1–9). */
export const FRAME: BoxPx = [18, 75, 784, 505];
export const NUMBER_COLUMN_RIGHT = 42;

export const ELIGIBILITY: BoxPx = [18, 75, 462, 140];
export const OFFICE_USE: BoxPx = [462, 75, 784, 140];
/** Yes / No tick boxes of the two questions: x of each box, y of each question's line. */
export const ELIGIBILITY_TICKS = { yesX: 338, noX: 398, citizenY: 85, ageY: 100 } as const;

export const ROW_TOPS = { r1: 140, r2: 180, r3: 220, r4: 263, r7: 313, r9: 367 } as const;

export const BOX = {
  title: [42, 140, 137, 180],
  lastName: [137, 140, 320, 180],
  firstName: [320, 140, 515, 180],
  middleNames: [515, 140, 712, 180],
  suffix: [712, 140, 784, 180],

  homeStreet: [42, 180, 360, 220],
  homeUnit: [360, 180, 438, 220],
  homeCity: [438, 180, 597, 220],
  homeState: [597, 180, 697, 220],
  homeZip: [697, 180, 784, 220],

  mailStreet: [42, 220, 438, 263],
  mailCity: [438, 220, 597, 263],
  mailState: [597, 220, 697, 263],
  mailZip: [697, 220, 784, 263],

  dateOfBirth: [42, 263, 242, 313],
  phone: [265, 263, 438, 313],
  idNumber: [465, 263, 784, 367],
  party: [42, 313, 242, 367],
  race: [265, 313, 438, 367],

  signature: [407, 374, 772, 442],
  signatureDate: [448, 462, 673, 487],

  previousTitle: [42, 623, 137, 665],
  previousLastName: [137, 623, 320, 665],
  previousFirstName: [320, 623, 515, 665],
  previousMiddleNames: [515, 623, 712, 665],
  previousSuffix: [712, 623, 784, 665],

  previousStreet: [42, 686, 345, 728],
  previousUnit: [345, 686, 438, 728],
  previousCity: [438, 686, 597, 728],
  previousState: [597, 686, 700, 728],
  previousZip: [700, 686, 784, 728],
} as const satisfies Record<string, BoxPx>;

export type BoxName = keyof typeof BOX;

/** Sections A–D below the top frame. */
export const SECTION = {
  a: [18, 623, 784, 665],
  b: [18, 686, 784, 728],
  c: [18, 752, 784, 955],
  d: [18, 974, 784, 1014],
} as const satisfies Record<string, BoxPx>;

/** Tick-box grid inside a title or suffix box: options laid out `perRow` to a row. */
export function optionTickPositions(box: BoxPx, count: number, perRow: number): Array<{ x: number; y: number }> {
  const [left, top, right] = box;
  const columnWidth = (right - left - 9) / perRow;
  return Array.from({ length: count }, (_, index) => ({
    x: left + 7 + (index % perRow) * columnWidth,
    y: top + 14 + Math.floor(index / perRow) * 12,
  }));
}
