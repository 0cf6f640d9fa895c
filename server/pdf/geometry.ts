// Page geometry. The application page is laid out in the pixel coordinates of the reviewed
// reference scan (/work/shared/reference/nvra-form-*.png, 800 x 1100 px), so every box can be
// checked against the scan by eye; these helpers map those pixels onto a US Letter page in points.

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;

const REFERENCE_WIDTH_PX = 800;
const REFERENCE_HEIGHT_PX = 1100;

const SCALE_X = PAGE_WIDTH / REFERENCE_WIDTH_PX;
const SCALE_Y = PAGE_HEIGHT / REFERENCE_HEIGHT_PX;

/** Horizontal reference pixels to points. */
export function px(value: number): number {
  return value * SCALE_X;
}

/** Vertical reference pixels to points (from the top of the page, as pdfkit draws). */
export function py(value: number): number {
  return value * SCALE_Y;
}

/** A rectangle in reference pixels: left, top, right, bottom. */
export type BoxPx = readonly [number, number, number, number];
