// CSRF on every state-changing route of the route table (HTML forms; the bearer-key API has no
// cookies and is exempt): without a token, with a token of another session (or registration, or
// form), from another site (Origin, Sec-Fetch-Site) — each refused with 403, and the database
// unchanged. The same request with its own token from the page passes, so the 403s are the
// token's doing. The voter flow is also tried as it runs inside a partner's iframe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionCsrfScope } from '../../../../server/auth/guard.js';
import { SIGN_IN_FORMS } from '../../../../server/http/csrf.js';
import type { TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { send } from '../../../support/security/send.js';
import { snapshot } from '../../../support/security/db-snapshot.js';
import { halfSignedIn, isPending } from '../../../support/security/half-signed-in.js';
import { firstAllowed, ROUTES, rowKey, type RouteRow } from '../../../support/security/route-table.js';
import { openWorld, closeWorld, voterAnswers, type Who, type World } from '../../../support/security/world.js';

describe('CSRF on every state-changing form', { timeout: 120_000 }, () => {
  let t: TestApp;
  let w: World;
  before(async () => ({ t, w } = await openWorld()));
  after(() => closeWorld(t));

  /** A valid token for `who`'s own session, and one of another session of the same user. */
  async function tokens(row: RouteRow, who: Who): Promise<{ own: string; other: string }> {
    const userOf: Partial<Record<Who, number>> = { support: w.support.userId, admin: w.admin.userId };
    if (who === 'partnerA' || who === 'partnerB')
      userOf[who] = (await t.ctx.auth.users.byEmail(who === 'partnerA' ? w.a.email : w.b.email))!.id;
    const userId = userOf[who];
    if (userId !== undefined) {
      const { session } = await t.ctx.auth.sessions.create(userId, true);
      const own = row.form ? ((await row.form(w, who))._csrf ?? '') : '';
      return {
        own:
          own ||
          (await (who === 'partnerA' ? w.a.csrf() : who === 'partnerB' ? w.b.csrf() : who === 'admin' ? w.admin.csrf() : w.support.csrf())),
        other: t.ctx.http.csrf.issue(sessionCsrfScope(session)),
      };
    }
    if (who === 'voter') return { own: (await row.form!(w, who))._csrf!, other: t.ctx.http.csrf.issue(w.done.uid) };
    // Forms posted before any session (start, sign-in): a token of another form.
    return { own: (await row.form!(w, who))._csrf!, other: t.ctx.http.csrf.issue('another form') };
  }

  // A row that says why it cannot carry a token (csrfExempt: RFC 8058's one-click stop) is skipped.
  const forms = () => ROUTES.filter((r) => r.method !== 'GET' && r.area !== 'api' && !r.csrfExempt);

  it("every form route is refused without a token, with another session's token, and cross-site; nothing changes", async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const row of forms()) {
      const csrfAs = row.csrfAs ?? firstAllowed(row);
      let attempt: (csrf: string | undefined, headers?: Record<string, string>) => Promise<request.Response>;
      let own: string;
      let other: string;
      if (isPending(csrfAs)) {
        const p = await halfSignedIn(w, csrfAs);
        own = csrfOf(p.page);
        const { session } = await t.ctx.auth.sessions.create(w.admin.userId, false);
        other = t.ctx.http.csrf.issue(sessionCsrfScope(session));
        const fields = {
          ...(row.form ? await row.form(w, 'visitor') : {}),
          ...(csrfAs.endsWith('Enrolment') ? { sealed: /name="sealed" value="([^"]+)"/.exec(p.page)![1]! } : {}),
        };
        attempt = (csrf, headers = {}) =>
          p.agent
            .post(p.path)
            .set(headers)
            .type('form')
            .send(csrf === undefined ? fields : { ...fields, _csrf: csrf });
      } else {
        ({ own, other } = await tokens(row, csrfAs));
        attempt = async (csrf, headers = {}) => {
          if (csrf !== undefined) return send(w, row, csrfAs, { csrf, headers });
          // No token at all: the form's fields without _csrf.
          const url = row.url ? row.url(w, csrfAs) : row.path;
          const { _csrf: _drop, ...fields } = row.form ? await row.form(w, csrfAs) : {};
          const agent =
            csrfAs === 'partnerA'
              ? w.a.agent
              : csrfAs === 'partnerB'
                ? w.b.agent
                : csrfAs === 'admin'
                  ? w.admin.agent
                  : csrfAs === 'support'
                    ? w.support.agent
                    : request(t.app);
          return agent.post(url).set(headers).type('form').send(fields);
        };
      }
      const variants: Array<[string, string | undefined, Record<string, string>]> = [
        ['no token', undefined, {}],
        ["another session's token", other, {}],
        ['a forged token', `${Date.now().toString(36)}.${'A'.repeat(43)}`, {}],
        ['Origin of another site', own, { Origin: 'https://evil.example' }],
        ['Sec-Fetch-Site: cross-site', own, { 'Sec-Fetch-Site': 'cross-site' }],
      ];
      // Login CSRF: a sign-in form refuses the `Origin: null` of a sandboxed frame or a no-referrer page.
      if (SIGN_IN_FORMS.has(row.path)) variants.push(['Origin: null on a sign-in form', own, { Origin: 'null' }]);
      // The previous row's control may have started in-process work that writes as it goes (an
      // admin's storage verify): let it end, or its writes look like this row's (seen in CI).
      await t.ctx.background.settled();
      const before = await snapshot(t.ctx.db);
      for (const [what, csrf, headers] of variants) {
        tried++;
        const res = await attempt(csrf, headers);
        if (res.status !== 403) failures.push(`${rowKey(row)} as ${csrfAs} with ${what}: ${res.status}`);
      }
      if ((await snapshot(t.ctx.db)) !== before) failures.push(`${rowKey(row)}: a refused request changed the database`);
      // The control: its own token, same site, is not refused (skipped where it would sign out or disable).
      if (!row.sideEffect) {
        const ok = await attempt(own, { Origin: 'http://rollcall.test', 'Sec-Fetch-Site': 'same-origin' });
        if (ok.status === 403)
          failures.push(`${rowKey(row)} as ${csrfAs}: its own token was refused too (the test is not testing the token)`);
      }
    }
    assert.deepEqual(failures, []);
    const signInForms = forms().filter((r) => SIGN_IN_FORMS.has(r.path)).length;
    assert.equal(signInForms, SIGN_IN_FORMS.size, 'every sign-in form is in the route table');
    assert.ok(
      forms().length >= 15 && tried === 5 * forms().length + signInForms,
      `tried ${tried} requests on ${forms().length} form routes`,
    );
  });

  it("inside a partner's iframe the flow posts same-origin and works; the partner's own site cannot post into it", async () => {
    const page = await request(t.app).get(`/r/${w.progress.token}/name`);
    assert.match(page.headers['content-security-policy'] as string, /frame-ancestors https:\/\/club-a\.example(;|$)/);
    const csrf = csrfOf(page.text);
    const fromPartner = await request(t.app)
      .post(`/r/${w.progress.token}/name`)
      .set({ Origin: 'https://club-a.example', 'Sec-Fetch-Site': 'cross-site' })
      .type('form')
      .send({ ...voterAnswers.name, _csrf: csrf });
    assert.equal(fromPartner.status, 403, 'a site allowed to frame the flow may still not post to it');
    const inFrame = await request(t.app)
      .post(`/r/${w.progress.token}/name`)
      .set({ Origin: 'http://rollcall.test', 'Sec-Fetch-Site': 'same-origin' })
      .type('form')
      .send({ ...voterAnswers.name, _csrf: csrf });
    assert.equal(inFrame.status, 303, 'the framed page posting to itself (no cookies needed)');
  });

  it('a sign-in form takes Origin: null only with Sec-Fetch-Site: same-origin; other forms take it (no-referrer pages send it)', async () => {
    const post = async (path: string, headers: Record<string, string>) => {
      await t.ctx.db('rate_limits').del();
      const form = await request(t.app).get(path);
      assert.equal(form.headers['referrer-policy'], 'same-origin', 'the sign-in page names its origin when its form is posted');
      return request(t.app)
        .post(path)
        .set(headers)
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: 'nobody@example.org', password: 'x' });
    };
    for (const path of ['/partner/login', '/admin/login', '/Partner/Login/']) {
      assert.equal((await post(path, { Origin: 'null' })).status, 403, path);
      assert.equal((await post(path, { Origin: 'null', 'Sec-Fetch-Site': 'same-site' })).status, 403, path);
      assert.equal(
        (await post(path, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })).status,
        401,
        `${path}: a modern browser's own post`,
      );
      assert.equal((await post(path, { Origin: 'http://rollcall.test' })).status, 401, `${path}: an older browser's own post`);
    }
    const step = await request(t.app).get(`/r/${w.progress.token}/name`);
    const voter = await request(t.app)
      .post(`/r/${w.progress.token}/name`)
      .set({ Origin: 'null' })
      .type('form')
      .send({ ...voterAnswers.name, _csrf: csrfOf(step.text) });
    assert.equal(voter.status, 303, 'the voter flow (no-referrer pages) still takes Origin: null');
  });

  it('the JSON API ignores Origin and cookies: only the bearer key counts', async () => {
    const key = await request(t.app)
      .post('/api/v1/registrations')
      .set({ Authorization: `Bearer ${w.a.apiKey}`, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })
      .send(ROUTES.find((r) => r.area === 'api' && r.method === 'POST')!.json!(w));
    assert.equal(key.status, 201, 'a key works from anywhere (servers, not browsers, hold keys)');
    const cookieOnly = await w.a.agent.post('/api/v1/registrations').set({ Origin: 'http://rollcall.test' }).send({});
    assert.equal(cookieOnly.status, 401);
  });
});
