// The strength meter and "show password" (ASVS 2.1.8, 2.1.12): the server refuses a weak new
// password with the meter's feedback as the field's error, on the staff and partner pages alike;
// the meter's scoring endpoint (auth/password-strength-route.ts) wants the page's CSRF token, is
// limited per client and logs nothing of the password; the pages carry the toggle and the meter
// with their ARIA, hidden until views/static/password.js shows them.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { STRENGTH_LIMIT } from '../../../../server/auth/password-strength-route.js';
import { csrfOf, PASSWORD as STAFF_PASSWORD, signIn as staffSignIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { partnerWithUser, PASSWORD, type PartnerUser } from '../../../support/partners.js';

const EMAIL = 'coordinator@club.example';
/** Long enough, on no breached list, and still guessed at once: zxcvbn scores it 0 ("sequences"). */
const WEAK = 'abcdefghijklmnop';
const STRONG = 'a brand new passphrase 2026';

describe('the password strength meter and show-password (ASVS 2.1.8, 2.1.12)', () => {
  let t: TestApp;
  let club: PartnerUser;
  let staff: SignedInAgent;
  let log = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => (log += c.toString()));
    t = await makeTestApp({ logTo: stream });
    club = await partnerWithUser(t, 'Club', EMAIL);
    staff = await staffSignIn(t, 'admin');
  });
  after(() => t.close());

  it('refuses a weak password on the partner account page, naming the field and saying why; takes a strong one', async () => {
    const page = await club.agent.get('/partner/account/password');
    const post = (password: string) =>
      club.agent
        .post('/partner/account/password')
        .type('form')
        .send({ _csrf: csrfOf(page.text), current: PASSWORD, password, confirm: password });
    const weak = await post(WEAK);
    assert.equal(weak.status, 422);
    assert.match(weak.text, /id="password-error" role="alert">Choose a password that is harder to guess\. Sequences like &quot;abc&quot;/);
    assert.match(weak.text, /aria-describedby="password-hint password-error" aria-invalid="true"/);
    // The account's own email address is a known word to the scorer.
    const email = await post(EMAIL);
    assert.equal(email.status, 422);
    assert.match(email.text, /It should not contain your email address/);
    assert.equal((await t.ctx.auth.users.login(EMAIL, WEAK)).ok, false, 'the weak one was not set');
    const strong = await post(STRONG);
    assert.equal(strong.status, 200);
    assert.match(strong.text, /id="password-changed"/);
    assert.equal((await t.ctx.auth.users.login(EMAIL, STRONG)).ok, true);
  });

  it('refuses a weak password on the staff account page the same way', async () => {
    const page = await staff.agent.get('/admin/account/password');
    const post = (password: string) =>
      staff.agent
        .post('/admin/account/password')
        .type('form')
        .send({ _csrf: csrfOf(page.text), current: STAFF_PASSWORD, password, confirm: password });
    const weak = await post('monkeymonkeymonkey');
    assert.equal(weak.status, 422);
    assert.match(weak.text, /id="password-error" role="alert">Choose a password that is harder to guess\. Repeated patterns like/);
    assert.equal((await post('staff passphrase two')).status, 200);
  });

  it('refuses a weak password through a reset link (the link still works); takes a strong one', async () => {
    const user = (await t.ctx.auth.users.byEmail(EMAIL))!;
    const token = await t.ctx.auth.passwordResets.issue(user.id);
    const agent = request.agent(t.app);
    const page = await agent.get(`/partner/password/reset?token=${token}`);
    assert.equal(page.status, 200);
    const post = (password: string) =>
      agent
        .post('/partner/password/reset')
        .type('form')
        .send({ _csrf: csrfOf(page.text), token, password, confirm: password });
    const weak = await post(WEAK);
    assert.equal(weak.status, 422);
    assert.match(weak.text, /id="password-error" role="alert">Choose a password that is harder to guess\. Sequences like/);
    assert.equal(await t.ctx.auth.passwordResets.isLive(token), true);
    const strong = await post('another passphrase, long and odd');
    assert.equal(strong.status, 303);
  });

  it('scores a password for the meter: level in words, feedback, the verdict the submit will give', async () => {
    const page = await staff.agent.get('/admin/account/password');
    const ask = (password: string) =>
      staff.agent
        .post('/admin/account/password/strength')
        .set('Accept', 'application/json')
        .type('form')
        .send({ _csrf: csrfOf(page.text), password });
    const weak = await ask(WEAK);
    assert.equal(weak.status, 200);
    assert.equal(weak.headers['cache-control'], 'no-store');
    assert.deepEqual(weak.body, {
      score: 0,
      acceptable: false,
      level: 'Very weak: it would be guessed almost at once.',
      warning: 'Sequences like "abc" or "6543" are easy to guess.',
      suggestions: ['Add more words that are less common.', 'Avoid common character sequences.'],
    });
    assert.match((await ask('short')).body.level, /^Too short: at least 12 characters \(5 so far\)/);
    assert.match((await ask('Password1234')).body.level, /list of common passwords/);
    const strong = await ask(STRONG);
    assert.equal(strong.body.acceptable, true);
    assert.equal(strong.body.level, 'Very strong.');
  });

  it("answers the partner's reset page in its language, with the link's account as a known word", async () => {
    const user = (await t.ctx.auth.users.byEmail(EMAIL))!;
    const token = await t.ctx.auth.passwordResets.issue(user.id);
    const agent = request.agent(t.app);
    const page = await agent.get(`/partner/password/reset?token=${token}&lang=es`);
    const res = await agent
      .post('/partner/password/strength')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfOf(page.text), token, password: EMAIL });
    assert.equal(res.status, 200);
    assert.equal(res.body.acceptable, false);
    assert.match(res.body.warning, /No debe contener su correo electrónico/);
  });

  it('wants the CSRF token of the page, and staff sign-in on the staff side', async () => {
    const noToken = await staff.agent
      .post('/admin/account/password/strength')
      .set('Accept', 'application/json')
      .type('form')
      .send({ password: WEAK });
    assert.equal(noToken.status, 403);
    const visitor = request.agent(t.app);
    const login = await visitor.get('/partner/login');
    // The partner's sign-in token does not open the staff side's scorer.
    const staffSide = await visitor
      .post('/admin/account/password/strength')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfOf(login.text), password: WEAK });
    assert.equal(staffSide.status, 403);
    const forged = await visitor
      .post('/partner/password/strength')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: 'kz1.forged', password: WEAK });
    assert.equal(forged.status, 403);
  });

  it('is limited per client, and never writes the password to the log', async () => {
    const secret = 'unmistakable probe passphrase 7731';
    const visitor = request.agent(t.app);
    const token = csrfOf((await visitor.get('/partner/login')).text);
    const ask = () =>
      visitor
        .post('/partner/password/strength')
        .set('X-Forwarded-For', '198.51.100.23')
        .set('Accept', 'application/json')
        .type('form')
        .send({ _csrf: token, password: secret });
    for (let i = 0; i < STRENGTH_LIMIT.max; i++) assert.equal((await ask()).status, 200, `request ${i + 1}`);
    const over = await ask();
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers['retry-after']) > 0);
    // Another client is not held up.
    const other = await request(t.app)
      .post('/partner/password/strength')
      .set('X-Forwarded-For', '198.51.100.99')
      .type('form')
      .send({ _csrf: token, password: secret });
    assert.equal(other.status, 200);
    assert.match(log, /"security":"rate_limited"[^\n]*"limit":"password-strength"/, 'the limit hit is logged');
    assert.ok(!log.includes(secret), 'the password is not in the log');
    assert.ok(!log.includes(WEAK) && !log.includes(STRONG), 'no password typed in this suite is in the log');
  });

  it('puts a show-password toggle on every password field and the meter on new ones, hidden until the script runs', async () => {
    // (The reset above ended the first partner user's sessions.)
    const other = await partnerWithUser(t, 'Other club', 'other@club.example');
    const user = (await t.ctx.auth.users.byEmail(EMAIL))!;
    const token = await t.ctx.auth.passwordResets.issue(user.id);
    const pages = [
      { html: (await request(t.app).get('/admin/login')).text, fields: ['password'], meter: null },
      { html: (await request(t.app).get('/partner/login')).text, fields: ['password'], meter: null },
      {
        html: (await staff.agent.get('/admin/account/password')).text,
        fields: ['current', 'password', 'confirm'],
        meter: '/admin/account/password/strength',
      },
      {
        html: (await other.agent.get('/partner/account/password')).text,
        fields: ['current', 'password', 'confirm'],
        meter: '/partner/password/strength',
      },
      {
        html: (await request(t.app).get(`/partner/password/reset?token=${token}`)).text,
        fields: ['password', 'confirm'],
        meter: '/partner/password/strength',
      },
    ];
    for (const { html, fields, meter } of pages) {
      assert.match(html, /<script src="\/assets\/password\.js" defer><\/script>/);
      for (const id of fields) {
        assert.match(html, new RegExp(`<input [^>]*id="${id}"[^>]*type="password"`));
        assert.match(
          html,
          new RegExp(
            `<button type="button" class="[^"]*" id="${id}-toggle" data-password-toggle="${id}" aria-controls="${id}" aria-pressed="false" hidden>Show password</button>`,
          ),
        );
      }
      if (!meter) {
        assert.doesNotMatch(html, /data-meter-for/);
        continue;
      }
      assert.match(
        html,
        new RegExp(`<div class="rc-meter" id="password-meter" data-meter-for="password" data-meter-url="${meter}" hidden>`),
      );
      assert.match(html, /<div class="rc-meter__text" id="password-strength" aria-live="polite" aria-atomic="true"><\/div>/);
      assert.match(html, /<div class="rc-meter__bar" aria-hidden="true">/);
    }
    const script = await request(t.app).get('/assets/password.js');
    assert.equal(script.status, 200);
    assert.match(script.headers['content-type']!, /javascript/);
    assert.match(script.text, /aria-pressed/);
    // USWDS's .usa-button sets display, which beats the hidden attribute: without this rule the
    // toggle showed with JavaScript off (seen in headless Chromium), a button that did nothing.
    const css = await request(t.app).get('/assets/admin.css');
    assert.match(css.text, /\.rc-password-toggle\[hidden\], \.rc-meter\[hidden\] \{ display: none; \}/);
  });
});
