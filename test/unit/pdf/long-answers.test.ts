// The longest answers the server accepts (names and cities of 50 characters, street lines of
// 100) are printed whole and stay inside their own boxes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitNearMiddle } from '../../../server/pdf/answer-text.js';
import { BOX, type BoxName } from '../../../server/pdf/application-grid.js';
import { px, py } from '../../../server/pdf/geometry.js';
import { renderRegistrationPdf } from '../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../server/pdf/types.js';
import { californiaVoter } from './fixtures.js';
import { extractText } from './pdf-text.js';

const longName = 'Wolfeschlegelsteinhausenbergerdorff-Montgomery Jr.';
const longStreet = 'Apartment Complex Building Seven North Wing 12345 South Martin Luther King Junior Memorial Boulevard';
const longCity = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysilio';

const voter: PdfRegistration = {
  ...californiaVoter,
  lastName: longName,
  firstName: 'Maximiliana Alexandrina Konstantina Bartholomea-Ro',
  homeAddress: { street: longStreet, unit: 'Building 7 Unit 1234', city: longCity, state: 'CA', zip: '95816-1234' },
};

describe('long answers', () => {
  it('have the limits the server enforces', () => {
    assert.equal(longName.length, 50);
    assert.equal(longStreet.length, 100);
    assert.equal(longCity.length, 50);
  });

  it('are printed whole, each inside its box', async () => {
    const { items } = await extractText(renderRegistrationPdf(voter));
    const page1 = items[0] ?? [];
    const expectations: Array<[BoxName, string]> = [
      ['lastName', longName],
      ['firstName', voter.firstName],
      ['homeStreet', longStreet],
      ['homeUnit', 'Building 7 Unit 1234'],
      ['homeCity', longCity],
    ];
    for (const [boxName, value] of expectations) {
      const [left, top, right, bottom] = BOX[boxName];
      const inBox = page1.filter((item) => item.x >= px(left) && item.x <= px(right) && item.y > py(top) && item.y <= py(bottom) && item.text.trim() !== '');
      const typed = inBox.map((item) => item.text).join(' ');
      assert.ok(typed.replace(/\s+/g, ' ').includes(value), `${boxName}: ${JSON.stringify(typed)}`);
      for (const item of inBox) assert.ok(item.x + item.width <= px(right) + 0.5, `${boxName}: ${JSON.stringify(item.text)} ends at ${(item.x + item.width).toFixed(1)} > ${px(right).toFixed(1)}`);
    }
  });
});

describe('splitNearMiddle', () => {
  it('splits at the space nearest the middle, or not at all', () => {
    assert.deepEqual(splitNearMiddle('12345 South Martin Luther King Boulevard'), ['12345 South Martin', 'Luther King Boulevard']);
    assert.equal(splitNearMiddle('Llanfairpwllgwyngyll'), null);
  });
});
