// The tick boxes carry the voter's answers: the eligibility Yes/No per answer, and the title
// and suffix choices. Checked on the rasterized page by looking for ink inside each box.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { BOX, ELIGIBILITY_TICKS, optionTickPositions } from '../../../../server/pdf/application-grid.js';
import { OPTION_TICK_SIZE, TICK_SIZE } from '../../../../server/pdf/application-parts.js';
import { px, py } from '../../../../server/pdf/geometry.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../../server/pdf/types.js';
import { californiaVoter, texasVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';
import { hasPdftoppm, rasterizePage } from '../../../support/raster.js';

const DPI = 100;
const toPixels = (points: number) => Math.round((points * DPI) / 72);

/** Share of dark pixels strictly inside a tick box whose top-left is (xPx, yPx) in grid units. */
function inkInside(pdf: Buffer, xPx: number, yPx: number, sizePt: number): number {
  const inset = 1.2;
  const crop = {
    x: toPixels(px(xPx) + inset),
    y: toPixels(py(yPx) + inset),
    width: toPixels(sizePt - 2 * inset),
    height: toPixels(sizePt - 2 * inset),
  };
  const png = PNG.sync.read(rasterizePage(pdf, 1, DPI, crop));
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if ((png.data[i] ?? 255) + (png.data[i + 1] ?? 255) + (png.data[i + 2] ?? 255) < 3 * 128) dark++;
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
    assert.deepEqual(
      titles.map((ink) => ink > TICKED),
      [true, false, false, false],
      JSON.stringify(titles),
    );
    assert.deepEqual(
      suffixes.map((ink) => ink > TICKED),
      [false, false, false, true, false],
      JSON.stringify(suffixes),
    );
  });

  // Any of the seven titles may reach either form (the voter switches language after choosing):
  // each ticks its equivalent, in the same place on both forms; Ms., which the Spanish form does
  // not print, gets its own box in the title box's free fourth place. Nothing is typed over the boxes.
  const TITLE_PLACE: Record<string, number> = { 'Mr.': 0, 'Sr.': 0, 'Mrs.': 1, 'Sra.': 1, Miss: 2, 'Srta.': 2, 'Ms.': 3 };
  for (const base of [californiaVoter, texasVoter]) {
    it(`ticks the equivalent title on the ${base.lang} form, whichever language it was chosen in`, async () => {
      for (const [title, place] of Object.entries(TITLE_PLACE)) {
        const pdf = renderRegistrationPdf({ ...base, title, previousName: { ...base.previousName!, title } });
        for (const box of [BOX.title, BOX.previousTitle]) {
          const ink = optionTickPositions(box, 4, 2).map((spot) => inkInside(pdf, spot.x, spot.y, OPTION_TICK_SIZE));
          assert.deepEqual(
            ink.map((share) => share > TICKED),
            [0, 1, 2, 3].map((index) => index === place),
            `${base.lang} ${title}: ${JSON.stringify(ink)}`,
          );
        }
        const [left, top, right, bottom] = BOX.title;
        const inTitleBox = ((await extractText(pdf)).items[0] ?? []).filter(
          (item) => item.x >= px(left) && item.x < px(right) && item.y > py(top) && item.y <= py(bottom),
        );
        const printed = new Set(inTitleBox.map((item) => item.text.trim()).filter(Boolean));
        const expected =
          base.lang === 'en' ? ['Mr.', 'Mrs.', 'Miss', 'Ms.'] : ['Sr.', 'Sra.', 'Srta.', ...(title === 'Ms.' ? ['Ms.'] : [])];
        assert.deepEqual(
          [...printed].filter((text) => !/^\(/.test(text)).sort(),
          expected.sort(),
          `${base.lang} ${title}: only the choices, nothing typed over them`,
        );
      }
    });
  }
});
