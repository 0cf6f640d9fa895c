// Survey questions and opt-ins in the voter flow: partner A's voters see A's texts (escaped, in
// their language) on the party step and the exact texts are recorded; other voters see nothing;
// SMS needs a phone; a later edit never changes a record; the CSV carries them; the purge wipes them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { PartnerQuestions, emptySettings, type QuestionSettings } from '../../../../server/partners/questions.js';
import { SurveyRecords } from '../../../../server/registrations/survey-records.js';
import { isSealedValue } from '../../../../server/security/field-cipher.js';
import request from 'supertest';
import { apiBody, TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';
import { parseCsv, voterAtParty } from '../../../support/partner-questions.js';
import { signIn, type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

const Q1_EN = 'Which <script>alert(1)</script> issue matters most to you?';
const Q2_EN = 'How did you hear about us?';
const Q1_ES = '¿Qué tema le importa más?';
const EMAIL_EN = 'Yes, email me news from "Club A" & friends.';
const EMAIL_ES = 'Sí, envíenme noticias por correo.';
const SMS_EN = 'Yes, text me. Reply STOP to stop.';
const SMS_ES = 'Sí, envíenme mensajes de texto.';

function settingsOfA(): QuestionSettings {
  const s = emptySettings();
  s.questions.en = [Q1_EN, Q2_EN];
  s.questions.es = [Q1_ES, ''];
  s.optins.email = { on: true, consent: { en: EMAIL_EN, es: EMAIL_ES } };
  s.optins.sms = { on: true, consent: { en: SMS_EN, es: SMS_ES } };
  return s;
}

describe('partner survey questions: the voter flow, records, CSV and purge', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  let questions: PartnerQuestions;
  let records: SurveyRecords;
  const regId = async (s: VoterSession) => (await t.ctx.registrations.service.findByResumeToken(s.token))!.id;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
    questions = new PartnerQuestions(t.ctx.db, t.clock);
    records = t.ctx.registrations.surveys;
    await questions.save(a.partner.id, settingsOfA());
  });
  after(() => t.close());

  it("shows partner A's questions and opt-ins to A's voter on the party step, escaped, in an optional fieldset", async () => {
    const s = await voterAtParty(t, a.partner.id);
    const page = await s.get('party');
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /<fieldset class="usa-fieldset rc-survey" id="survey" aria-describedby="survey-intro">\s*<legend class="usa-legend rc-survey__legend">Questions from Club A <span class="rc-optional">\(optional\)<\/span><\/legend>/,
    );
    assert.match(
      page.text,
      /<label class="usa-label" for="survey-q1">Which &lt;script&gt;alert\(1\)&lt;\/script&gt; issue matters most to you\? /,
    );
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /<label class="usa-label" for="survey-q2">How did you hear about us\?/);
    assert.match(
      page.text,
      /<label class="usa-checkbox__label" for="survey-emailOptin">Yes, email me news from &quot;Club A&quot; &amp; friends\.<\/label>/,
    );
    assert.match(page.text, /for="survey-smsOptin">Yes, text me\. Reply STOP to stop\.<\/label>/);
    // The phone from the "about you" step is offered for the SMS list.
    assert.match(page.text, /id="survey-smsPhone" name="survey.smsPhone" type="tel" value="\(916\) 555-0123"/);
  });

  it('records the exact texts shown with the answers, the opt-ins and when; the flow goes on to review', async () => {
    const s = await voterAtParty(t, a.partner.id);
    await s.complete(
      'party',
      { ...californiaVoter.party, 'survey.q1': '  Clean\nwater ', 'survey.q2': '', 'survey.emailOptin': 'yes', 'survey.smsPhone': '' },
      'review',
    );
    const got = await records.forRegistration(await regId(s));
    assert.deepEqual(
      got.map(({ item, lang, prompt, answer, ticked, phone, recorded_at }) => ({ item, lang, prompt, answer, ticked, phone, recorded_at })),
      [
        { item: 'email_optin', lang: 'en', prompt: EMAIL_EN, answer: null, ticked: true, phone: null, recorded_at: TEST_NOW },
        { item: 'question_1', lang: 'en', prompt: Q1_EN, answer: 'Clean water', ticked: null, phone: null, recorded_at: TEST_NOW },
        { item: 'sms_optin', lang: 'en', prompt: SMS_EN, answer: null, ticked: false, phone: null, recorded_at: TEST_NOW },
      ],
    );
    // The review page shows what goes to the partner, under the texts recorded, with a Change link.
    const review = await s.get('review');
    assert.match(
      review.text,
      /<h2 id="review-survey" class="rc-review__title">Questions from Club A<\/h2>\s*<a class="usa-link" href="\/r\/[A-Za-z0-9_-]{43}\/party\?from=review">/,
    );
    assert.match(review.text, /<dt>Which &lt;script&gt;alert\(1\)&lt;\/script&gt; issue matters most to you\?<\/dt><dd>Clean water<\/dd>/);
    assert.match(review.text, /<dt>Yes, email me news from &quot;Club A&quot; &amp; friends\.<\/dt><dd>Yes<\/dd>/);
    assert.match(review.text, /<dt>Yes, text me\. Reply STOP to stop\.<\/dt><dd>No<\/dd>/);
    // Coming back shows what was recorded.
    const again = await s.get('party');
    assert.match(again.text, /id="survey-q1" name="survey.q1"[^>]*>Clean water<\/textarea>/);
    assert.match(again.text, /id="survey-emailOptin" type="checkbox" name="survey.emailOptin" value="yes" checked/);
    // Saving unchanged keeps the moment of consent; unticking records the new choice and time.
    (t.clock as FakeClock).advance(60_000);
    await s.complete('party', { ...californiaVoter.party, 'survey.q1': 'Clean water', 'survey.emailOptin': 'yes' }, 'review');
    assert.equal((await records.forRegistration(await regId(s))).find((r) => r.item === 'email_optin')!.recorded_at, TEST_NOW);
    await s.complete('party', { ...californiaVoter.party, 'survey.q1': '' }, 'review');
    const after = await records.forRegistration(await regId(s));
    assert.deepEqual(
      after.map((r) => `${r.item}:${r.ticked}:${r.recorded_at - TEST_NOW}`),
      ['email_optin:false:60000', 'sms_optin:false:0'],
    );
    await s.complete('review', californiaVoter.review, 'done');
  });

  it('commits the survey with the party answers: when saving the step fails, neither is kept', async () => {
    const s = await voterAtParty(t, a.partner.id);
    const id = await regId(s);
    const registrations = t.ctx.registrations.service;
    const saveProgress = registrations.saveProgress.bind(registrations);
    // The step's own save fails after the survey rows were written in the same transaction.
    registrations.saveProgress = async (...args) => {
      await saveProgress(...args);
      throw new Error('disk full (simulated)');
    };
    try {
      const res = await s.post('party', { ...californiaVoter.party, 'survey.q1': 'Housing', 'survey.emailOptin': 'yes' });
      assert.equal(res.status, 500);
    } finally {
      registrations.saveProgress = saveProgress;
    }
    assert.deepEqual(await records.forRegistration(id), [], 'no survey row without its step');
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal(row.step, 'party', 'the step was not saved either');
    // Done again, both are kept.
    await s.complete('party', { ...californiaVoter.party, 'survey.q1': 'Housing' }, 'review');
    assert.deepEqual(
      (await records.forRegistration(id)).map((r) => r.item),
      ['email_optin', 'question_1', 'sms_optin'],
    );
  });

  it("shows a Spanish voter A's Spanish texts and records them in Spanish", async () => {
    const s = await voterAtParty(t, a.partner.id, 'es');
    const page = await s.get('party');
    assert.match(page.text, /Preguntas de Club A/);
    assert.match(page.text, /¿Qué tema le importa más\?/);
    assert.doesNotMatch(page.text, /How did you hear|survey-q2/);
    assert.match(page.text, /Sí, envíenme noticias por correo\./);
    await s.complete(
      'party',
      { ...californiaVoter.party, 'survey.q1': 'El agua', 'survey.smsOptin': 'yes', 'survey.smsPhone': '202 555 0123' },
      'review',
    );
    const got = await records.forRegistration(await regId(s));
    assert.deepEqual(
      got.map((r) => [r.item, r.lang, r.prompt, r.answer ?? r.ticked, r.phone]),
      [
        ['email_optin', 'es', EMAIL_ES, false, null],
        ['question_1', 'es', Q1_ES, 'El agua', null],
        ['sms_optin', 'es', SMS_ES, true, '202 555 0123'],
      ],
    );
  });

  it("never shows A's questions to a voter of partner B or to a voter without a partner", async () => {
    const ofB = await voterAtParty(t, b.partner.id);
    const plain = new VoterSession(t.app);
    await plain.start();
    for (const [step, next] of [
      ['eligibility', 'name'],
      ['name', 'addresses'],
      ['addresses', 'id'],
      ['id', 'party'],
    ] as const)
      await plain.complete(step, californiaVoter[step], next);
    for (const s of [ofB, plain]) {
      const page = await s.get('party');
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /rc-survey|survey\.|issue matters|Club A|email me news/);
      // Posting A's field names records nothing.
      await s.complete('party', { ...californiaVoter.party, 'survey.q1': 'sneaked in', 'survey.emailOptin': 'yes' }, 'review');
      assert.deepEqual(await records.forRegistration(await regId(s)), []);
      assert.doesNotMatch((await s.get('review')).text, /review-survey|sneaked in/);
    }
  });

  it('asks for a phone number when the SMS box is ticked without one, and refuses a bad number or a long answer', async () => {
    const s = await voterAtParty(t, a.partner.id, 'en', { ...californiaVoter.name, phone: '' });
    const page = await s.get('party');
    assert.match(page.text, /id="survey-smsPhone" name="survey.smsPhone" type="tel" value=""/);
    const res = await s.post('party', {
      ...californiaVoter.party,
      'survey.q1': 'Housing',
      'survey.smsOptin': 'yes',
      'survey.smsPhone': '',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /<a href="#survey-smsPhone">Enter a phone number to join the text message list, or untick that box<\/a>/);
    assert.match(res.text, /<span class="usa-error-message" id="survey-smsPhone-error">Enter a phone number/);
    // What the voter typed and ticked is kept on the page; nothing is recorded yet.
    assert.match(res.text, />Housing<\/textarea>/);
    assert.match(res.text, /id="survey-smsOptin" type="checkbox" name="survey.smsOptin" value="yes" checked/);
    assert.deepEqual(await records.forRegistration(await regId(s)), []);
    const bad = await s.post('party', {
      ...californiaVoter.party,
      'survey.smsOptin': 'yes',
      'survey.smsPhone': '12345',
      'survey.q2': 'y'.repeat(501),
    });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<a href="#survey-smsPhone">Enter a US phone number with 10 digits/);
    assert.match(bad.text, /<a href="#survey-q2">Your answer to question 2 is too long: write at most 500 characters<\/a>/);
    const noPhoneField = await s.post('party', { ...californiaVoter.party, 'survey.smsOptin': 'yes' });
    assert.equal(noPhoneField.status, 422);
    await s.complete('party', { ...californiaVoter.party, 'survey.smsOptin': 'yes', 'survey.smsPhone': '(202) 555-0199' }, 'review');
    assert.equal((await records.forRegistration(await regId(s))).find((r) => r.item === 'sms_optin')!.phone, '(202) 555-0199');
  });

  it('keeps what was recorded when the partner edits its texts later; the voter then sees the new texts, blank', async () => {
    const s = await voterAtParty(t, a.partner.id);
    await s.complete('party', { ...californiaVoter.party, 'survey.q1': 'Schools', 'survey.emailOptin': 'yes' }, 'review');
    const page = await a.agent.get('/partner/questions');
    const edited = {
      question_1_en: 'A brand new question?',
      question_2_en: '',
      question_1_es: '',
      question_2_es: '',
      email_optin: 'yes',
      email_consent_en: 'New email wording.',
      email_consent_es: 'Nuevo texto.',
      sms_consent_en: '',
      sms_consent_es: '',
    };
    assert.equal(
      (
        await a.agent
          .post('/partner/questions')
          .type('form')
          .send({ _csrf: csrfOf(page.text), ...edited })
      ).status,
      200,
    );
    const got = await records.forRegistration(await regId(s));
    assert.deepEqual(
      got.filter((r) => r.item !== 'sms_optin').map((r) => [r.item, r.prompt, r.answer ?? r.ticked]),
      [
        ['email_optin', EMAIL_EN, true],
        ['question_1', Q1_EN, 'Schools'],
      ],
    );
    const again = await s.get('party');
    assert.match(again.text, /for="survey-q1">A brand new question\?/);
    assert.match(again.text, /id="survey-q1" name="survey.q1"[^>]*><\/textarea>/);
    assert.doesNotMatch(again.text, /id="survey-emailOptin"[^>]*checked/);
    await questions.save(a.partner.id, settingsOfA());
  });

  it('exports the survey columns with the recorded texts, formulas defused, and never ID numbers; only to A', async () => {
    const s = await voterAtParty(t, a.partner.id);
    await s.complete(
      'party',
      {
        ...californiaVoter.party,
        'survey.q1': '=HYPERLINK("http://x")',
        'survey.q2': 'A friend, "Bob"',
        'survey.emailOptin': 'yes',
        'survey.smsOptin': 'yes',
        'survey.smsPhone': '+1 202 555 0100',
      },
      'review',
    );
    await s.complete('review', californiaVoter.review, 'done');
    const res = await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    assert.equal(res.status, 200);
    const header = res.text.split('\r\n')[0]!.split(',');
    assert.deepEqual(header.slice(-14, -3), [
      'survey_1_question',
      'survey_1_answer',
      'survey_2_question',
      'survey_2_answer',
      'email_optin',
      'email_optin_text',
      'email_optin_at',
      'sms_optin',
      'sms_optin_text',
      'sms_optin_phone',
      'sms_optin_at',
    ]);
    assert.ok(!header.some((h) => /id_number/i.test(h)));
    assert.doesNotMatch(res.text, /D1234567/);
    const rows = parseCsv(res.text);
    const { uid, id } = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    const row = rows.find((r) => r.registration_id === uid)!;
    // At rest the answers and the phone are sealed (ASVS 6.1.1); the CSV reads them opened.
    const raw = (await t.ctx.db('registration_survey').where({ registration_id: id })) as Array<Record<string, string | null>>;
    const stored = Object.fromEntries(raw.map((r) => [r.item, r]));
    for (const value of [stored.question_1!.answer, stored.question_2!.answer, stored.sms_optin!.phone])
      assert.ok(isSealedValue(value!), `sealed: ${value}`);
    assert.equal(stored.question_1!.prompt, Q1_EN, "the partner's own text stays plain");
    assert.deepEqual(
      {
        q1: row.survey_1_question,
        a1: row.survey_1_answer,
        q2: row.survey_2_question,
        a2: row.survey_2_answer,
        email: row.email_optin,
        emailText: row.email_optin_text,
        emailAt: row.email_optin_at,
        sms: row.sms_optin,
        smsText: row.sms_optin_text,
        smsPhone: row.sms_optin_phone,
      },
      {
        q1: Q1_EN,
        a1: `'=HYPERLINK("http://x")`,
        q2: Q2_EN,
        a2: 'A friend, "Bob"',
        email: 'yes',
        emailText: EMAIL_EN,
        emailAt: new Date(t.clock.now()).toISOString(),
        sms: 'yes',
        smsText: SMS_EN,
        smsPhone: "'+1 202 555 0100",
      },
    );
    // A registration sent without reaching the section (the API's) has empty survey cells.
    const viaApi = await request(t.app)
      .post('/api/v1/registrations')
      .set({ Authorization: `Bearer ${a.apiKey}` })
      .send(apiBody());
    assert.equal(viaApi.status, 201);
    const fresh = parseCsv((await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01')).text).find(
      (r) => r.registration_id === viaApi.body.id,
    )!;
    assert.deepEqual([fresh.survey_1_question, fresh.email_optin, fresh.sms_optin], ['', '', '']);
    const ofB = await b.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    assert.doesNotMatch(ofB.text, /HYPERLINK|issue matters|email me news/);
  });

  it('the purge deletes every survey answer and opt-in with the rest of the personal data', async () => {
    assert.ok((await t.ctx.db('registration_survey')).length > 5);
    (t.clock as FakeClock).advance(15 * 24 * 60 * 60_000);
    const report = await t.ctx.privacy.purger.run({ dryRun: false });
    assert.ok(report.registrations > 0);
    assert.deepEqual(await t.ctx.db('registration_survey'), []);
    // Two weeks on, the partner user signs in again (sessions last 12 hours at most).
    const agent = await signIn(t, 'a@club.example');
    const csv = parseCsv((await agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01')).text);
    assert.ok(csv.length > 0);
    for (const row of csv) assert.deepEqual([row.survey_1_answer, row.email_optin, row.sms_optin_phone], ['', '', '']);
  });
});
