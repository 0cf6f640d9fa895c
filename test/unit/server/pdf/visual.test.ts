// The pages look like the reviewed references in test/fixtures/pdf/ (rasterized at 50 dpi by
// pdftoppm, compared with pixelmatch), and the QR code scans back to the registration uid.
// To re-approve after an intended change: UPDATE_PDF_FIXTURES=1, then look at every PNG.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../../server/pdf/types.js';
import { californiaVoter, texasVoter } from '../../../../support/pdf-voters.js';
import { longestAnswers } from '../../../support/longest-registration.js';
import { differingShare, hasPdftoppm, rasterizePage } from '../../../support/raster.js';

// jsqr is CommonJS whose module.exports is the function itself; its typings declare a default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
// Compiled to dist/test/unit/server/pdf/; the fixtures stay in the source tree.
const FIXTURES = fileURLToPath(new URL('../../../../../test/fixtures/pdf/', import.meta.url));
const DPI = 50;
/** Room for another poppler / font substitute for the unembedded Helvetica (the answers' Noto
 * Sans is embedded); a different voter's answers differ by under 1 %, the other language's form
 * by about 9 %. */
const TOLERANCE = 0.02;
const UPDATE = process.env.UPDATE_PDF_FIXTURES === '1';

const skip = hasPdftoppm() ? false : 'pdftoppm is not installed (Debian: apt-get install poppler-utils); CI installs it';

const references: Array<{ name: string; reg: PdfRegistration; page: number }> = [
  { name: 'application-en', reg: californiaVoter, page: 1 },
  { name: 'application-es', reg: texasVoter, page: 1 },
  { name: 'mailer-en', reg: californiaVoter, page: 3 },
  // The longest value every field allows (longest.ts), names beyond Latin-1 included.
  { name: 'application-en-longest', reg: longestAnswers('en'), page: 1 },
  { name: 'application-es-longest', reg: longestAnswers('es'), page: 1 },
  { name: 'mailer-es-longest', reg: longestAnswers('es'), page: 3 },
];

function fixturePath(name: string): string {
  return path.join(FIXTURES, `${name}-${DPI}dpi.png`);
}

describe('PDF pages against reviewed reference images', { skip }, () => {
  for (const { name, reg, page } of references) {
    it(`page ${page} matches ${name}`, () => {
      const actual = rasterizePage(renderRegistrationPdf(reg), page, DPI);
      if (UPDATE) {
        mkdirSync(FIXTURES, { recursive: true });
        writeFileSync(fixturePath(name), actual);
        return;
      }
      assert.ok(existsSync(fixturePath(name)), `missing reference ${fixturePath(name)} (UPDATE_PDF_FIXTURES=1 creates it)`);
      const share = differingShare(actual, readFileSync(fixturePath(name)));
      assert.ok(share <= TOLERANCE, `${(share * 100).toFixed(2)} % of pixels differ from ${name}`);
    });
  }

  it('fails the comparison for a clearly different page', { skip: UPDATE }, () => {
    const english = readFileSync(fixturePath('application-en'));
    const spanishForm = rasterizePage(renderRegistrationPdf(texasVoter), 1, DPI);
    const mailerPage = rasterizePage(renderRegistrationPdf(californiaVoter), 3, DPI);
    assert.ok(differingShare(spanishForm, english) > TOLERANCE);
    assert.ok(differingShare(mailerPage, english) > TOLERANCE);
  });

  it('prints a QR code that scans back to the registration uid', () => {
    // The office-use box, at a resolution a phone camera would see on paper.
    const png = PNG.sync.read(rasterizePage(renderRegistrationPdf(texasVoter), 1, 150, { x: 700, y: 100, width: 580, height: 130 }));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(code?.data, texasVoter.uid);
  });
});
