// The addresses step's "which town or city do you live in?": asked only where the home ZIP spans
// towns with different election offices and the city does not decide; asked once; the answer
// chooses the office on the end page and the PDF; no answer, the state office.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { VoterSession } from '../../../support/voter-session.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { extractText } from '../../../support/pdf-text.js';

// 01002 is Amherst, MA, with Pelham and Cushman as other names: the towns of Amherst and Pelham.
const home = (city: string) => ({
  'homeAddress.street': '12 Main Street',
  'homeAddress.city': city,
  'homeAddress.state': 'MA',
  'homeAddress.zip': '01002',
});

describe('the town question', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  async function atAddresses(): Promise<VoterSession> {
    const s = new VoterSession(t.app);
    await s.start('en');
    await s.complete('eligibility', { ...californiaVoter.eligibility, zip: '01002' }, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    return s;
  }
  const answersOf = async () =>
    JSON.parse(
      (
        t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where('zip', '01002').orderBy('id', 'desc').first()) as {
          answers: string;
        }
      ).answers,
    );

  it('is not asked where the city names one of the towns', async () => {
    const s = await atAddresses();
    await s.complete('addresses', home('Pelham'), 'id');
  });

  it('is asked where the city does not decide, once, with the towns as radios; the answer chooses the office', async () => {
    const s = await atAddresses();
    const asked = await s.post('addresses', home('Cushman'));
    assert.equal(asked.status, 200);
    assert.match(asked.text, /<legend class="usa-legend">Which town or city do you live in\?/);
    assert.match(asked.text, /type="radio" name="officeTown" value="MA:Town of Amherst"/);
    assert.match(asked.text, /type="radio" name="officeTown" value="MA:Town of Pelham"/);
    assert.match(asked.text, /type="radio" name="officeTown" value="none"/);
    assert.match(asked.text, /value="Cushman"/, 'what the voter typed is kept');
    // A made-up answer is dropped; the page that asked lets the voter go on.
    await s.complete('addresses', { ...home('Cushman'), officeTownAsked: 'yes', officeTown: 'NY:Suffolk County' }, 'id');
    assert.equal((await answersOf()).officeTown, undefined);
    await s.complete('addresses', { ...home('Cushman'), officeTownAsked: 'yes', officeTown: 'MA:Town of Pelham' }, 'id');
    assert.equal((await answersOf()).officeTown, 'MA:Town of Pelham');
    // Back on the page, the answer is shown chosen.
    assert.match((await s.get('addresses')).text, /value="MA:Town of Pelham" checked/);
    await s.complete('id', { idType: 'ssn_last4', ssnLast4: '1234' }, 'party');
    await s.complete('party', { party: 'democratic', race: 'hispanic' }, 'review');
    await s.complete('review', { attest: 'yes' }, 'done');
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    assert.match(done.text, /Town of Pelham<br>/);
    assert.match(done.text, /This is the election office of your county or town/);
    const row = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where('zip', '01002').orderBy('id', 'desc').first());
    const { pages } = await extractText(await t.ctx.registrations.pdfs.render(row));
    for (const page of [pages[1] ?? '', pages[2] ?? '']) assert.match(page, /PELHAM, MA 01002/);
  });

  it('unanswered, the form goes to the state office; a ZIP that decides drops an old answer', async () => {
    const s = await atAddresses();
    await s.post('addresses', home('Cushman'));
    await s.complete('addresses', { ...home('Cushman'), officeTownAsked: 'yes', officeTown: 'MA:Town of Amherst' }, 'id');
    await s.complete('addresses', { ...home('Cushman'), officeTownAsked: 'yes' }, 'id');
    assert.equal((await answersOf()).officeTown, undefined);
    const row = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where('zip', '01002').orderBy('id', 'desc').first());
    const office = await t.ctx.offices.officeFor(row);
    assert.equal(office?.level, 'state');
    assert.equal(office?.lines[0], 'Secretary of the Commonwealth');
    await s.complete('addresses', { ...home('Pelham'), officeTown: 'MA:Town of Amherst' }, 'id');
    assert.equal((await answersOf()).officeTown, undefined, 'the city decides: no question, no answer kept');
  });
});
