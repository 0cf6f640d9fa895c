// The partner user's second factor (required: partners export registrants' personal data): the
// password alone leaves the session half signed in; enrolment the first time, a code after; a code
// is used once; wrong codes are logged and limited per account; a fresh session id at the end;
// and a half-signed-in partner user reaches no partner route at all.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { PASSWORD, passSecondFactor } from '../../../support/partners.js';
import { csrfOf } from '../../../support/voter-session.js';
import { ROUTES, rowKey } from '../../../support/security/route-table.js';
import { openWorld, closeWorld, type World } from '../../../support/security/world.js';

type Agent = ReturnType<typeof request.agent>;

const cookieOf = (res: request.Response): string | undefined =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => /^rc_session=([^;]*)/.exec(c)?.[1]).find(Boolean);

describe('the partner second factor', () => {
  let t: TestApp;
  let raw = '';
  const events = () =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { component?: string; security?: string; area?: string; user?: number; step?: string })
      .filter((l) => l.component === 'security');
  let userId: number;
  const email = 'second.factor@club.example';

  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => (raw += c.toString()));
    t = await makeTestApp({ logTo: stream });
    const { partner } = await t.ctx.partners.store.create('Club Two Factor', email);
    userId = (await t.ctx.auth.users.create({ email, password: PASSWORD, role: 'partner', partnerId: partner.id })).id;
  });
  after(() => t.close());

  async function password(agent: Agent = request.agent(t.app)): Promise<{ agent: Agent; res: request.Response }> {
    // Many sign-ins from one address: the password step's limit is not what this tests.
    await t.ctx.db('rate_limits').where('key', 'like', 'partner-login%').del();
    const form = await agent.get('/partner/login');
    const res = await agent
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email, password: PASSWORD });
    assert.equal(res.status, 303);
    return { agent, res };
  }

  const secret = async () => {
    const user = await t.ctx.auth.users.byId(userId);
    return t.ctx.partners.totp.secretOf(user!.totp_secret_enc!);
  };

  it('the password alone is not enough: enrolment (secret, then a code) gives a new, fully signed-in session', async () => {
    const { agent, res } = await password();
    assert.equal(res.headers.location, '/partner/totp/setup', 'no second factor yet: enrolment');
    const half = cookieOf(res)!;
    const home = await agent.get('/partner');
    assert.equal(home.status, 303);
    assert.equal(home.headers.location, '/partner/totp/setup');
    assert.equal((await agent.get('/partner/totp')).headers.location, '/partner/totp/setup');

    const setup = await agent.get('/partner/totp/setup');
    assert.equal(setup.status, 200);
    const shown = /id="totp-secret">([A-Z2-7]+)</.exec(setup.text)![1]!;
    assert.match(setup.text, /otpauth:\/\/totp\/Rollcall%20partner:/, 'the app names it "Rollcall partner"');
    const sealed = /name="sealed" value="([^"]+)"/.exec(setup.text)![1]!;
    const wrong = await agent
      .post('/partner/totp/setup')
      .type('form')
      .send({ _csrf: csrfOf(setup.text), sealed, code: '000000' });
    assert.equal(wrong.status, 401);
    assert.equal((await t.ctx.auth.users.byId(userId))!.totp_secret_enc, null, 'a wrong code enrols nothing');

    const done = await agent
      .post('/partner/totp/setup')
      .type('form')
      .send({ _csrf: csrfOf(setup.text), sealed, code: await t.ctx.partners.totp.codeFor(shown) });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/partner');
    const full = cookieOf(done)!;
    assert.ok(full && full !== half, 'a new session id at the second factor');
    assert.equal((await request(t.app).get('/partner').set('Cookie', `rc_session=${half}`)).status, 303, 'the half session is gone');
    assert.equal((await agent.get('/partner')).status, 200);
    assert.equal(await secret(), shown, 'the secret is kept (sealed)');

    const log = events().filter((e) => e.area === 'partner' && e.user === userId);
    assert.ok(log.some((e) => e.security === 'sign_in' && e.step === 'password'));
    assert.ok(log.some((e) => e.security === 'second_factor_failed'));
    assert.ok(log.some((e) => e.security === 'sign_in' && e.step === 'second_factor'));
    const audit = await t.ctx.db('audit_log').where({ action: 'partner_login', user_id: userId });
    assert.equal(audit.length, 1, 'the audit log has the sign-in once, when it is complete');
  });

  it('an enrolled user gives a code; a code already used is refused', async () => {
    (t.clock as FakeClock).advance(30_000);
    const first = await password();
    assert.equal(first.res.headers.location, '/partner/totp');
    const page = await first.agent.get('/partner/totp');
    assert.equal(page.status, 200);
    const code = await t.ctx.partners.totp.codeFor(await secret());
    const ok = await first.agent
      .post('/partner/totp')
      .type('form')
      .send({ _csrf: csrfOf(page.text), code });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/partner');
    assert.equal((await first.agent.get('/partner')).status, 200);

    // Someone who watched the code typed, with the password: the same code again is refused.
    const second = await password();
    const page2 = await second.agent.get('/partner/totp');
    const replay = await second.agent
      .post('/partner/totp')
      .type('form')
      .send({ _csrf: csrfOf(page2.text), code });
    assert.equal(replay.status, 401);
    assert.match(replay.text, /already used/);
    assert.equal((await second.agent.get('/partner')).status, 303, 'still half signed in');
  });

  it('wrong codes are counted per account: after 5 even the right one waits', async () => {
    (t.clock as FakeClock).advance(5 * 60_000); // the earlier tests' wrong codes are out of the window
    const { agent } = await password();
    const page = await agent.get('/partner/totp');
    const post = (code: string) =>
      agent
        .post('/partner/totp')
        .type('form')
        .send({ _csrf: csrfOf(page.text), code });
    for (let i = 0; i < 5; i++) assert.equal((await post(String(100000 + i))).status, 401);
    const right = await post(await t.ctx.partners.totp.codeFor(await secret()));
    assert.equal(right.status, 429);
    assert.equal((await agent.get('/partner')).status, 303, 'not signed in');
    const failed = events().filter((e) => e.security === 'second_factor_failed' && e.user === userId);
    assert.ok(failed.length >= 5, `${failed.length} failures logged`);
    // The limit is the account's: a new session (another address, another browser) waits too.
    const again = await password();
    const page2 = await again.agent.get('/partner/totp');
    const code = await t.ctx.partners.totp.codeFor(await secret());
    assert.equal(
      (
        await again.agent
          .post('/partner/totp')
          .type('form')
          .send({ _csrf: csrfOf(page2.text), code })
      ).status,
      429,
    );
    // ...until the window has passed.
    (t.clock as FakeClock).advance(5 * 60_000);
    const later = await password();
    assert.equal((await passSecondFactor(t, later.agent, '/partner/totp', email)).status, 303);
  });
});

describe('a half-signed-in partner user', { timeout: 120_000 }, () => {
  let t: TestApp;
  let w: World;
  before(async () => ({ t, w } = await openWorld()));
  after(() => closeWorld(t));

  it('reaches no partner route: GETs go to the code page, everything else is 403, nothing of the partner shows', async () => {
    await t.ctx.db('rate_limits').del();
    const login = await request(t.app).get('/partner/login');
    const res = await request(t.app)
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: w.a.email, password: PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/partner/totp');
    const half = cookieOf(res)!;
    const pagesCsrf = csrfOf((await request(t.app).get('/partner/totp').set('Cookie', `rc_session=${half}`)).text);
    const partnerRows = ROUTES.filter((r) => r.area === 'partner');
    assert.ok(partnerRows.length >= 20, `${partnerRows.length} partner routes`);
    const partner = await t.ctx.partners.store.byId(w.a.id);
    for (const row of partnerRows) {
      const url = row.url ? row.url(w, 'partnerA') : row.path;
      const r =
        row.method === 'GET'
          ? await request(t.app).get(url).set('Cookie', `rc_session=${half}`)
          : await request(t.app)
              .post(url)
              .set('Cookie', `rc_session=${half}`)
              .type('form')
              .send({ ...(row.form ? await row.form(w, 'partnerA') : {}), _csrf: pagesCsrf });
      if (row.method === 'GET') {
        assert.equal(r.status, 303, rowKey(row));
        assert.equal(r.headers.location, '/partner/totp', rowKey(row));
      } else assert.equal(r.status, 403, rowKey(row));
      assert.doesNotMatch(r.text, new RegExp(partner!.name), rowKey(row));
    }
  });
});
