// The portal's Questions page: validation (422 with an error summary naming each field), default
// consent wording offered, CSRF, escaping, and partner B never reading or changing A's settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PartnerQuestions } from '../../../../server/partners/questions.js';
import { type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { settingsForm } from '../../../support/partner-questions.js';
import { type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

describe('partner survey questions: the portal page', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  let store: PartnerQuestions;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
    store = new PartnerQuestions(t.ctx.db, t.clock);
  });
  after(() => t.close());

  const post = async (agent: typeof a.agent, fields: Record<string, string>) => {
    const page = await agent.get('/partner/questions');
    return agent
      .post('/partner/questions')
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
  };

  it('is in the portal navigation and offers a default consent wording in each language', async () => {
    const res = await a.agent.get('/partner/questions');
    assert.equal(res.status, 200);
    assert.match(res.text, /<a href="\/partner\/questions" aria-current="page">Questions<\/a>/);
    assert.match(res.text, /id="email_consent_en"[^>]*>Yes, Club A may send me emails/);
    assert.match(res.text, /id="sms_consent_es"[^>]*>Sí, Club A puede enviarme mensajes de texto/);
    assert.match(res.text, /<legend class="usa-legend font-sans-lg text-bold">Questions in English<\/legend>/);
    const es = await a.agent.get('/partner/questions?lang=es');
    assert.match(es.text, /<legend class="usa-legend font-sans-lg text-bold">Preguntas en español<\/legend>/);
    await a.agent.get('/partner/questions?lang=en');
  });

  it('refuses texts that are too long and an opt-in without its consent text, with 422 and a summary naming each field', async () => {
    const res = await post(
      a.agent,
      settingsForm({
        question_1_en: 'x'.repeat(201),
        email_optin: 'yes',
        email_consent_en: 'I agree',
        email_consent_es: '',
        sms_consent_en: 'y'.repeat(501),
      }),
    );
    assert.equal(res.status, 422);
    assert.match(res.text, /<h2 class="usa-alert__heading" id="error-summary-title">There is a problem<\/h2>/);
    assert.match(res.text, /<a href="#question_1_en">Question 1 \(English\): write at most 200 characters<\/a>/);
    assert.match(
      res.text,
      /<a href="#email_consent_es">Consent text in Spanish: write the text voters agree to, or turn this opt-in off<\/a>/,
    );
    assert.match(res.text, /<a href="#sms_consent_en">Consent text in English: write at most 500 characters<\/a>/);
    assert.match(res.text, /id="question_1_en-error"/);
    assert.match(res.text, /id="question_1_en"[^>]*aria-invalid="true"/);
    // What was typed is kept, and nothing was saved.
    assert.match(res.text, /value="x{201}"/);
    assert.deepEqual((await store.get(a.partner.id)).questions.en, ['', '']);
    // An SMS opt-in that is off needs no text.
    const off = await post(a.agent, settingsForm({ sms_consent_en: '', sms_consent_es: '' }));
    assert.equal(off.status, 200);
  });

  it('saves, folds whitespace, shows partner text escaped, and needs the CSRF token', async () => {
    const fields = settingsForm({
      question_1_en: '  Which <script>alert(1)</script>   issue\nmatters most? ',
      question_1_es: '¿Qué tema le importa más?',
      email_optin: 'yes',
      email_consent_en: 'Email me, "Club A" & friends.',
      email_consent_es: 'Envíenme correos.',
    });
    assert.equal((await a.agent.post('/partner/questions').type('form').send(fields)).status, 403);
    assert.equal(
      (
        await a.agent
          .post('/partner/questions')
          .type('form')
          .send({ ...fields, _csrf: 'forged' })
      ).status,
      403,
    );
    const res = await post(a.agent, fields);
    assert.equal(res.status, 200);
    assert.match(res.text, /Saved\./);
    const saved = await store.get(a.partner.id);
    assert.deepEqual(saved.questions.en, ['Which <script>alert(1)</script> issue matters most?', '']);
    assert.equal(saved.optins.email.on, true);
    assert.equal(saved.optins.sms.on, false);
    const page = await a.agent.get('/partner/questions');
    assert.match(page.text, /value="Which &lt;script&gt;alert\(1\)&lt;\/script&gt; issue matters most\?"/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /Email me, &quot;Club A&quot; &amp; friends\./);
    assert.match(page.text, /id="email_optin" type="checkbox" name="email_optin" value="yes" checked/);
  });

  it('keeps partners apart: B sees its own settings only and its saves never touch A', async () => {
    const before = await store.get(a.partner.id);
    const page = await b.agent.get('/partner/questions');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /issue matters most|Club A/);
    assert.equal((await post(b.agent, settingsForm({ question_1_en: 'B asks this' }))).status, 200);
    assert.deepEqual(await store.get(a.partner.id), before);
    assert.equal((await store.get(b.partner.id)).questions.en[0], 'B asks this');
    // A's page token does not work in B's session.
    const aPage = await a.agent.get('/partner/questions');
    assert.equal(
      (
        await b.agent
          .post('/partner/questions')
          .type('form')
          .send({ _csrf: csrfOf(aPage.text), ...settingsForm() })
      ).status,
      403,
    );
    assert.equal((await store.get(b.partner.id)).questions.en[0], 'B asks this');
  });

  it('sends visitors to sign in and refuses their posts', async () => {
    const get = await request(t.app).get('/partner/questions');
    assert.equal(get.status, 303);
    assert.match(get.headers.location ?? '', /^\/partner\/login/);
    assert.equal(
      (
        await request(t.app)
          .post('/partner/questions')
          .type('form')
          .send(settingsForm({ question_1_en: 'x' }))
      ).status,
      403,
    );
  });
});
