// The box-6 table (test/support/id-cases.ts) through the web form, JavaScript off: every
// jurisdiction, both languages. The ID step shows one radio per accepted identifier; each case
// is posted as the form posts it (the radio and every field); taken: 303 to the next step and box
// 6 stored as the state expects it; refused: 422 with the message on that field, in the page's
// language, naming the field and saying what the state wants. A state that refuses the form
// never reaches the ID step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request, { type Response } from 'supertest';
import { FakeClock } from '../../../../server/clock.js';
import { translator } from '../../../../server/i18n.js';
import { parseAnswers, type RegistrationRow } from '../../../../server/registrations/registration-records.js';
import { LANGS, type IdAnswer, type StateRules } from '../../../../server/states/index.js';
import { idCases, JURISDICTIONS, WANTS, zipIn } from '../../../support/id-cases.js';
import { makeTestApp, TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

/** The ID step's fields as the browser posts them: every field, the radio deciding. */
function formOf(web: IdAnswer): Record<string, string> {
  return { idType: web.type ?? '', stateIdNumber: web.stateId ?? '', ssnLast4: web.ssnLast4 ?? '', ssnFull: web.ssnFull ?? '' };
}

const decode = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('box 6 by the web form, state by state', () => {
  let t: TestApp;
  const clock = new FakeClock(TEST_NOW);
  before(async () => {
    t = await makeTestApp({ clock });
  });
  after(() => t.close());

  async function sessionAtId(state: StateRules, lang: 'en' | 'es'): Promise<VoterSession | null> {
    clock.advance(61_000); // a new rate-limit window for each voter of this one test address
    const s = new VoterSession(t.app);
    await s.start(lang);
    const eligibility = await s.post('eligibility', { ...californiaVoter.eligibility, zip: zipIn(state.code) });
    if (!state.acceptsFederalForm) {
      assert.equal(eligibility.headers.location, `/r/${s.token}/stop`, `${state.code}: a refusing state stops before the ID step`);
      assert.equal((await s.get('id')).status, 303);
      return null;
    }
    await s.complete('name', californiaVoter.name, 'addresses');
    await s.complete(
      'addresses',
      {
        'homeAddress.street': '1 Main St',
        'homeAddress.city': 'Capital',
        'homeAddress.state': state.code,
        'homeAddress.zip': zipIn(state.code),
        // Where the ZIP spans towns with their own offices (MI's), the page asked which: no answer.
        officeTownAsked: 'yes',
      },
      'id',
    );
    return s;
  }

  for (const state of JURISDICTIONS) {
    it(`${state.code}: the choices, and every case, in both languages`, async () => {
      for (const lang of LANGS) {
        const t_ = translator(lang);
        const s = await sessionAtId(state, lang);
        if (!s) continue;
        const page = await s.get('id');
        assert.equal(page.status, 200);
        const radios = [...page.text.matchAll(/type="radio" name="idType" value="([a-z0-9_]+)"/g)].map((m) => m[1]);
        assert.deepEqual(
          radios,
          [...state.idNumber.accepts],
          `${state.code} ${lang}: one radio per accepted identifier, in the state's order`,
        );
        assert.ok(decode(page.text).includes(state.idNumber.noneText[lang]), `${state.code} ${lang}: what "none" means here`);
        assert.match(page.text, /<fieldset class="usa-fieldset"[^>]*>\s*<legend/, 'a fieldset with its legend');
        const csrf = csrfOf(page.text);
        for (const c of idCases(state)) {
          const what = `${state.code} ${lang} ${c.name}`;
          const res: Response = await request(t.app)
            .post(`/r/${s.token}/id`)
            .type('form')
            .send({ _csrf: csrf, ...formOf(c.web) });
          if (!c.refused) {
            assert.equal(res.status, 303, `${what}: ${res.text.slice(0, 300)}`);
            assert.equal(res.headers.location, `/r/${s.token}/party`, what);
            const row: RegistrationRow = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
            assert.equal(t.ctx.registrations.service.idNumberOf(row), c.box6, what);
            assert.equal(parseAnswers(row).idType, c.web.type, what);
            continue;
          }
          assert.equal(res.status, 422, what);
          const html = decode(res.text);
          const id = c.refused.field;
          const message = new RegExp(`<span class="usa-error-message" id="${id}-error">([^<]+)</span>`).exec(html)?.[1];
          assert.ok(message, `${what}: an error on ${id}`);
          assert.ok(message.includes(WANTS[c.refused.code]![lang]), `${what}: "${message}" says what the state wants`);
          if (id !== 'idType')
            assert.ok(message.toLowerCase().includes(t_(`fields.${id}`).toLowerCase()), `${what}: "${message}" names the field`);
          assert.ok(html.includes(`<a href="#${id}">${message}</a>`), `${what}: the error summary links to the field`);
          assert.equal((html.match(/class="usa-error-message"/g) ?? []).length, 1, `${what}: one error`);
        }
      }
    });
  }
});
