// Sessions and cookies: every cookie the app sets is HttpOnly, SameSite and scoped to a Path; a
// session id planted before sign-in is worthless after it; sign-out ends the session on the
// server; the second factor cannot be skipped by going straight to a later admin page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PASSWORD as STAFF_PASSWORD } from '../../../support/admin-sign-in.js';
import { PASSWORD as PARTNER_PASSWORD, passSecondFactor } from '../../../support/partners.js';
import type { TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { ROUTES, rowKey } from '../../../support/security/route-table.js';
import { openWorld, closeWorld, type World } from '../../../support/security/world.js';

const cookieOf = (res: request.Response): string | undefined =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => /^rc_session=([^;]*)/.exec(c)?.[1]).find(Boolean);

describe('sessions and cookies', { timeout: 120_000 }, () => {
  let t: TestApp;
  let w: World;
  before(async () => ({ t, w } = await openWorld()));
  after(() => closeWorld(t));

  it('every Set-Cookie (sign-in, second factor, sign-out, on both sides) is HttpOnly, SameSite and has a Path', async () => {
    const seen: string[] = [];
    const collect = (res: request.Response) => seen.push(...((res.headers['set-cookie'] as unknown as string[]) ?? []));
    const agent = request.agent(t.app);
    const login = await agent.get('/partner/login');
    collect(login);
    const res = await agent
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: w.b.email, password: PARTNER_PASSWORD });
    collect(res);
    collect(await passSecondFactor(t, agent, res.headers.location!, w.b.email));
    collect(
      await agent
        .post('/partner/logout')
        .type('form')
        .send({ _csrf: csrfOf((await agent.get('/partner/keys')).text) }),
    );
    const staff = request.agent(t.app);
    const staffLogin = await staff.get('/admin/login');
    collect(
      await staff
        .post('/admin/login')
        .type('form')
        .send({ _csrf: csrfOf(staffLogin.text), email: (await t.ctx.auth.users.byId(w.support.userId))!.email, password: STAFF_PASSWORD }),
    );
    for (const row of ROUTES.filter((r) => r.method === 'GET' && r.may === 'everyone'))
      collect(await request(t.app).get(row.url ? row.url(w, 'visitor') : row.path));
    assert.ok(seen.length >= 3, `saw ${seen.length} cookies`);
    for (const cookie of seen) {
      assert.match(cookie, /; HttpOnly/i, cookie);
      assert.match(cookie, /; SameSite=(Lax|Strict)/i, cookie);
      assert.match(cookie, /; Path=\//, cookie);
      assert.doesNotMatch(cookie, /; Secure/, 'not Secure on plain http (the https case is in headers.test.ts)');
      assert.doesNotMatch(cookie, /^__Host-/, 'no __Host- prefix without Secure (browsers would drop the cookie)');
    }
  });

  it('a session id planted before sign-in is useless after it (partner side; the admin side is in admin/auth.test.ts)', async () => {
    const user = (await t.ctx.auth.users.byEmail(w.b.email))!;
    // The attacker's own (valid) session id, planted in the victim's browser.
    const { token: planted } = await t.ctx.auth.sessions.create(user.id, true);
    const victim = request.agent(t.app);
    victim.jar.setCookie(`rc_session=${planted}; Path=/`, '127.0.0.1', '/');
    const login = await request(t.app).get('/partner/login');
    const res = await victim
      .post('/partner/login')
      .set('Cookie', `rc_session=${planted}`)
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: w.b.email, password: PARTNER_PASSWORD });
    assert.equal(res.status, 303);
    const fresh = cookieOf(res);
    assert.ok(fresh && fresh !== planted, 'a new session id at sign-in');
    const withPlanted = await request(t.app).get('/partner').set('Cookie', `rc_session=${planted}`);
    assert.equal(withPlanted.status, 303, 'the planted id no longer opens anything');
    assert.match(withPlanted.headers.location ?? '', /^\/partner\/login/);
    // A made-up id is simply ignored: sign-in issues its own.
    const madeUp = 'Z'.repeat(43);
    const res2 = await request(t.app)
      .post('/partner/login')
      .set('Cookie', `rc_session=${madeUp}`)
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: w.b.email, password: PARTNER_PASSWORD });
    assert.notEqual(cookieOf(res2), madeUp);
  });

  it('sign-out destroys the session on the server: the old cookie, replayed, opens nothing', async () => {
    for (const side of ['partner', 'admin'] as const) {
      const user = side === 'partner' ? (await t.ctx.auth.users.byEmail(w.b.email))! : (await t.ctx.auth.users.byId(w.admin.userId))!;
      const { token } = await t.ctx.auth.sessions.create(user.id, true);
      const home = side === 'partner' ? '/partner/keys' : '/admin/storage';
      const page = await request(t.app).get(home).set('Cookie', `rc_session=${token}`);
      assert.equal(page.status, 200);
      const out = await request(t.app)
        .post(`/${side}/logout`)
        .set('Cookie', `rc_session=${token}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) });
      assert.equal(out.status, 303);
      assert.match(((out.headers['set-cookie'] as unknown as string[]) ?? []).join(), /rc_session=;/, 'the cookie is cleared');
      const replay = await request(t.app).get(home).set('Cookie', `rc_session=${token}`);
      assert.equal(replay.status, 303, `${side}: the replayed cookie is signed out`);
    }
  });

  it('the second factor cannot be skipped: a half-signed-in admin is a visitor on every admin route', async () => {
    const login = await request(t.app).get('/admin/login');
    const email = (await t.ctx.auth.users.byId(w.admin.userId))!.email;
    const res = await request(t.app)
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email, password: STAFF_PASSWORD });
    assert.equal(res.status, 303);
    assert.match(res.headers.location ?? '', /^\/admin\/totp\?/);
    const half = cookieOf(res)!;
    const pagesCsrf = csrfOf((await request(t.app).get('/admin/totp').set('Cookie', `rc_session=${half}`)).text);
    const adminRows = ROUTES.filter((r) => r.area === 'admin');
    assert.ok(adminRows.length >= 10);
    for (const row of adminRows) {
      const url = row.url ? row.url(w, 'admin') : row.path;
      const r =
        row.method === 'GET'
          ? await request(t.app).get(url).set('Cookie', `rc_session=${half}`)
          : await request(t.app)
              .post(url)
              .set('Cookie', `rc_session=${half}`)
              .type('form')
              .send({ ...(row.form ? await row.form(w, 'admin') : {}), _csrf: pagesCsrf });
      if (row.method === 'GET') {
        assert.equal(r.status, 303, rowKey(row));
        assert.match(r.headers.location ?? '', /^\/admin\/login\?next=/, rowKey(row));
      } else assert.equal(r.status, 403, rowKey(row));
      if (!url.includes('Quillfeather')) assert.doesNotMatch(r.text, /Quillfeather/, rowKey(row));
    }
  });
});
