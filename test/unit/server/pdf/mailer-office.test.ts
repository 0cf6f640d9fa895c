// The mailer page addressed to a county or town office: a line too wide for the panel takes a
// second ruled line while one is free (the longest office names in the data run to 88 characters),
// instead of shrinking to an unreadable size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitAddressLines } from '../../../../server/pdf/mailer-page.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import { officeLines, sourceOffice } from '../../../../server/offices/index.js';
import { californiaVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';

const fits = (text: string) => text.length <= 20;

describe('mailer page, office address', () => {
  it('splits a line too wide at a word break (or after a slash) while a ruled line is free', () => {
    assert.deepEqual(fitAddressLines(['Superintendent of Elections/Commissioner', 'PO Box 1', 'Town, NJ 07728'], fits, 5), [
      'Superintendent of',
      'Elections/',
      'Commissioner',
      'PO Box 1',
      'Town, NJ 07728',
    ]);
    // No free line: left as it is (typeAnswer sets it smaller).
    const full = ['A long first line of words', 'b', 'c', 'd', 'e'];
    assert.deepEqual(fitAddressLines(full, fits, 5), full);
    // No break that fits: left as it is.
    assert.deepEqual(fitAddressLines(['Unbreakablelonglonglongword', 'x'], fits, 5), ['Unbreakablelonglonglongword', 'x']);
  });

  it('prints a county office with a long addressee in full, the city line last, on the mailer and the instructions', async () => {
    const office = sourceOffice('NJ:Monmouth County')!;
    const lines = officeLines(office);
    assert.equal(lines[0], 'Monmouth County Superintendent of Elections/Commissioner of Registration');
    const { pages } = await extractText(renderRegistrationPdf({ ...californiaVoter, office: { lines } }));
    const mailer = (pages[2] ?? '').replace(/\s+/g, ' ');
    for (const part of [
      'Monmouth County Superintendent of Elections/',
      'Commissioner of Registration',
      '300 Halls Mill Rd',
      'Freehold, NJ 07728',
    ])
      assert.ok(mailer.includes(part), part);
    assert.ok(mailer.indexOf('Freehold, NJ 07728') > mailer.indexOf('300 Halls Mill Rd'));
    assert.ok((pages[1] ?? '').replace(/\s+/g, ' ').includes('Freehold, NJ 07728'));
  });
});
