// The tick boxes carry the voter's answers: the eligibility Yes/No per answer, and the title
// and suffix choices. Checked on the rasterized page by looking for ink inside each box.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { BOX, ELIGIBILITY_TICKS, optionTickPositions } from '../../../server/pdf/application-grid.js';
import { OPTION_TICK_SIZE, TICK_SIZE } from '../../../server/pdf/application-parts.js';
import { px, py } from '../../../server/pdf/geometry.js';
import { renderRegistrationPdf } from '../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../server/pdf/types.js';
import { californiaVoter } from './fixtures.js';
import { hasPdftoppm, rasterizePage } from './raster.js';

const DPI = 100;
const toPixels = (points: number) => Math.round((points * DPI) / 72);

/** Share of dark pixels strictly inside a tick box whose top-left is (xPx, yPx) in grid units. */
function inkInside(pdf: Buffer, xPx: number, yPx: number, sizePt: number): number {
  const inset = 1.2;
  const crop = { x: toPixels(px(xPx) + inset), y: toPixels(py(yPx) + inset), width: toPixels(sizePt - 2 * inset), height: toPixels(sizePt - 2 * inset) };
  const png = PNG.sync.read(rasterizePage(pdf, 1, DPI, crop));
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) + (png.data[i + 1] ?? 255) + (png.data[i + 2] ?? 255) < 3 * 128) dark++;
  return dark / (png.width * png.height);
}

const TICKED = 0.15;
const EMPTY = 0.02;

function eligibilityInk(reg: PdfRegistration) {
  const pdf = renderRegistrationPdf(reg);
  const at = (x: number, y: number) => inkInside(pdf, x, y - 1, TICK_SIZE);
  return {
    citizenYes: at(ELIGIBILITY_TICKS.yesX, ELIGIBILITY_TICKS.citizenY),
    citizenNo: at(ELIGIBILITY_TICKS.noX, ELIGIBILITY_TICKS.citizenY),
    ageYes: at(ELIGIBILITY_TICKS.yesX, ELIGIBILITY_TICKS.ageY),
    ageNo: at(ELIGIBILITY_TICKS.noX, ELIGIBILITY_TICKS.ageY),
  };
}

describe('tick boxes', { skip: hasPdftoppm() ? false : 'pdftoppm is not installed (Debian: poppler-utils)' }, () => {
  it('ticks Yes for both eligibility questions answered yes, and leaves No empty', () => {
    const ink = eligibilityInk(californiaVoter);
    assert.ok(ink.citizenYes > TICKED && ink.ageYes > TICKED, JSON.stringify(ink));
    assert.ok(ink.citizenNo < EMPTY && ink.ageNo < EMPTY, JSON.stringify(ink));
  });

  it('ticks No where the answer is no', () => {
    const ink = eligibilityInk({ ...californiaVoter, eighteenByElectionDay: false });
    assert.ok(ink.citizenYes > TICKED && ink.ageNo > TICKED, JSON.stringify(ink));
    assert.ok(ink.citizenNo < EMPTY && ink.ageYes < EMPTY, JSON.stringify(ink));
  });

  it('ticks the printed title and suffix the voter chose, and only those', () => {
    const pdf = renderRegistrationPdf({ ...californiaVoter, title: 'Mr.', suffix: 'III' });
    const titles = optionTickPositions(BOX.title, 4, 2).map((spot) => inkInside(pdf, spot.x, spot.y, OPTION_TICK_SIZE));
    const suffixes = optionTickPositions(BOX.suffix, 5, 3).map((spot) => inkInside(pdf, spot.x, spot.y, OPTION_TICK_SIZE));
    assert.deepEqual(titles.map((ink) => ink > TICKED), [true, false, false, false], JSON.stringify(titles));
    assert.deepEqual(suffixes.map((ink) => ink > TICKED), [false, false, false, true, false], JSON.stringify(suffixes));
  });
});
