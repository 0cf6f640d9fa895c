// "Other" on the party step: the voter writes the party's name, which the review page, the admin
// detail and box 7 of the PDF show instead of the bare word "Other" (issue 13, item 4).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import { OTHER_PARTY_MAX } from '../../../../server/registrations/field-rules.js';
import { californiaVoter as pdfVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';
import { apiBody, binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { VoterSession } from '../../../support/voter-session.js';
import { partnerWithUser } from '../../../support/partners.js';

const PARTY = 'Alaskan Independence Party';

async function pdfPageOne(t: TestApp, donePage: string): Promise<string> {
  const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})" id="download-pdf"/.exec(donePage)?.[1];
  assert.ok(pdfPath, 'no PDF link on the done page');
  const pdf = await request(t.app).get(pdfPath).buffer(true).parse(binaryBody);
  return (await extractText(pdf.body as Buffer)).pages[0]!;
}

describe('box 7 with the longest party name allowed', () => {
  it('prints it on two lines rather than shrinking one line out of reading', async () => {
    const widest = 'Wwwwwwwww Mmmmmmmmm Wwwwwwwww Mmmmmmmmmm';
    assert.equal(widest.length, OTHER_PARTY_MAX);
    const { items } = await extractText(renderRegistrationPdf({ ...pdfVoter, party: widest }));
    const runs = (items[0] ?? []).filter((item) => /Wwwwwwwww|Mmmmmmmmm/.test(item.text));
    assert.deepEqual(runs.map((run) => run.text).join(' '), widest);
    assert.equal(new Set(runs.map((run) => Math.round(run.y))).size, 2, 'two lines');
  });
});

describe('a party written in for "Other"', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await makeTestApp();
    key = (await t.ctx.partners.store.create('League of Voters', null)).apiKey;
  });
  after(() => t.close());

  async function atPartyStep(lang: 'en' | 'es'): Promise<VoterSession> {
    const s = new VoterSession(t.app);
    await s.start(lang);
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    await s.complete('addresses', californiaVoter.addresses, 'id');
    await s.complete('id', californiaVoter.id, 'party');
    return s;
  }

  it('offers a party-name field with the choices (in the page without JavaScript), tied to "Other"', async () => {
    const s = await atPartyStep('en');
    const page = (await s.get('party')).text;
    const other = page.indexOf('value="other"');
    const field = page.indexOf('id="otherParty"');
    assert.ok(other > 0 && field > other, 'the party-name field follows the Other choice');
    assert.ok(field < page.indexOf('</fieldset>', other), 'inside the party fieldset');
    assert.match(page, /<label class="usa-label" for="otherParty">Party name<\/label>/);
    assert.match(page, /id="otherParty"[^>]*maxlength="40"/);
  });

  for (const lang of ['en', 'es'] as const) {
    it(`requires the name when Other is chosen, naming the field (${lang})`, async () => {
      const s = await atPartyStep(lang);
      const res = await s.post('party', { party: 'other', otherParty: '  ', race: 'hispanic' });
      assert.equal(res.status, 422);
      assert.match(res.text, /<a href="#otherParty">/);
      assert.match(res.text, lang === 'en' ? /Enter your party name/ : /Escriba el nombre del partido/);
    });
  }

  it('drops a name typed before the voter chose another party', async () => {
    const s = await atPartyStep('en');
    await s.complete('party', { party: 'democratic', otherParty: 'Typed by mistake', race: 'hispanic' }, 'review');
    const row = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').orderBy('id', 'desc').first());
    assert.equal(JSON.parse(row.answers).otherParty, undefined);
  });

  it('keeps the name, shows it on the review page, and prints it in box 7 instead of "Other"', async () => {
    const s = await atPartyStep('en');
    await s.complete('party', { party: 'other', otherParty: ` ${PARTY} `, race: 'hispanic' }, 'review');
    const review = (await s.get('review')).text;
    assert.match(review, new RegExp(`<dd[^>]*>${PARTY}</dd>`));
    await s.complete('review', { attest: 'yes' }, 'done');
    await t.ctx.jobs.runner.drain();
    const pageOne = await pdfPageOne(t, (await s.get('done')).text);
    assert.ok(pageOne.includes(PARTY), pageOne);
    assert.doesNotMatch(pageOne, / Other /);
  });

  it('the API: requires otherParty with party "other" and refuses it with any other party (422 naming the field)', async () => {
    const post = (body: object) =>
      request(t.app)
        .post('/api/v1/registrations')
        .set({ Authorization: `Bearer ${key}` })
        .send(body);
    const missing = await post(apiBody({ party: 'other' }));
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.fields, [{ path: 'otherParty', message: 'Enter your party name' }]);
    const stray = await post(apiBody({ party: 'democratic', otherParty: PARTY }));
    assert.equal(stray.status, 422);
    assert.deepEqual(stray.body.fields, [{ path: 'otherParty', message: "Write a party's name only if you choose Other" }]);
    const tooLong = await post(apiBody({ party: 'other', otherParty: 'x'.repeat(41) }));
    assert.equal(tooLong.status, 422);
    assert.equal(tooLong.body.fields[0].path, 'otherParty');
    const ok = await post(apiBody({ party: 'other', otherParty: PARTY }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const row = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where({ uid: ok.body.id }).first());
    assert.equal(JSON.parse(row.answers).otherParty, PARTY);
  });
});

describe('a written-in party in the partner CSV', () => {
  let t: TestApp;
  after(() => t.close());

  it('is exported in party_other beside the party key, and empty for any other party', async () => {
    t = await makeTestApp();
    const club = await partnerWithUser(t, 'Club C', 'c@club.example');
    for (const [email, party] of [
      ['other@example.org', { party: 'other', otherParty: PARTY }],
      ['dem@example.org', { party: 'democratic' }],
    ] as const) {
      const res = await request(t.app)
        .post('/api/v1/registrations')
        .set('Authorization', `Bearer ${club.apiKey}`)
        .send(apiBody({ email, ...party }));
      assert.equal(res.status, 201, res.text);
    }
    const day = new Date(t.clock.now()).toISOString().slice(0, 10);
    const csv = await club.agent.get(`/partner/export.csv?from=${day}&to=${day}`);
    assert.equal(csv.status, 200);
    const [header, ...rows] = csv.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const cell = (email: string, column: string) => rows.find((r) => r[header!.indexOf('email')] === email)![header!.indexOf(column)];
    assert.deepEqual([cell('other@example.org', 'party'), cell('other@example.org', 'party_other')], ['other', PARTY]);
    assert.deepEqual([cell('dem@example.org', 'party'), cell('dem@example.org', 'party_other')], ['democratic', '']);
  });
});
