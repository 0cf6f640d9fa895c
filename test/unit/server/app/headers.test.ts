// Headers on every page of the route table that a person sees (HTML), as the identity allowed to
// see it: a strict CSP without inline scripts, framing refused except a partner's voter flow
// (only that partner's declared origins), nosniff, no referrer, no X-Powered-By, and HSTS plus
// Secure cookies when BASE_URL is https.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { SIGN_IN_FORMS } from '../../../../server/http/csrf.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { send } from '../../../support/security/send.js';
import { firstAllowed, ROUTES, rowKey } from '../../../support/security/route-table.js';
import { openWorld, closeWorld, type World } from '../../../support/security/world.js';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

/** Voter pages reached through partner A's link (the registration is partner A's). */
const partnerFramed = new Set([
  'GET /',
  'GET /r/:token/done',
  'POST /r/:token/pdf-again',
  'GET /r/:token/:step',
  'GET /r/:token/printed-form/done',
  'GET /r/:token/erase',
  'POST /r/:token/erase',
]);

describe('security headers on every page', { timeout: 120_000 }, () => {
  let t: TestApp;
  let w: World;
  before(async () => ({ t, w } = await openWorld()));
  after(() => closeWorld(t));

  it('every page or answer that may carry personal data says no-store (ASVS 8.2.1): the voter flow, the email link, the API registrations, admin and partner pages', async () => {
    const personal = ROUTES.filter((r) => r.method === 'GET' && /^\/(r|m|admin|partner|pdf)\/|^\/api\/v1\/registrations/.test(r.path));
    assert.ok(personal.length >= 20, `${personal.length} rows`);
    const missing: string[] = [];
    for (const row of personal) {
      const res = await send(w, row, firstAllowed(row));
      if (res.status >= 300) continue; // a redirect or a refusal carries nothing
      if (!/\bno-store\b/.test(res.headers['cache-control'] ?? ''))
        missing.push(`${rowKey(row)}: ${res.headers['cache-control'] ?? '(none)'}`);
    }
    assert.deepEqual(missing, []);
  });

  it('every HTML page has a strict CSP, refuses framing (a partner flow: only its origins), nosniff, no referrer, no X-Powered-By', async () => {
    const pages = ROUTES.filter((r) => r.html);
    assert.ok(pages.length >= 15);
    for (const row of pages) {
      const res = await send(w, row, firstAllowed(row));
      const at = rowKey(row);
      assert.equal(res.status, row.ok, at);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/, at);
      const csp = directives(res.headers['content-security-policy'] ?? '');
      assert.equal(csp.get('default-src'), "'none'", at);
      assert.equal(csp.get('script-src'), "'self'", `${at}: scripts from this site only, never inline`);
      assert.doesNotMatch(res.headers['content-security-policy'] ?? '', /unsafe-inline|unsafe-eval/, at);
      assert.equal(csp.get('object-src'), "'none'", at);
      assert.equal(csp.get('base-uri'), "'none'", at);
      assert.equal(csp.get('form-action'), "'self'", at);
      if (partnerFramed.has(at)) {
        assert.equal(csp.get('frame-ancestors'), 'https://club-a.example', `${at}: only partner A's declared origin may frame it`);
        assert.equal(res.headers['x-frame-options'], undefined, at);
      } else {
        assert.equal(csp.get('frame-ancestors'), "'none'", at);
        assert.equal(res.headers['x-frame-options'], 'DENY', at);
      }
      assert.equal(res.headers['x-content-type-options'], 'nosniff', at);
      // The sign-in pages keep referrers on the site too, but name the origin of their form posts (csrf.ts).
      assert.equal(res.headers['referrer-policy'], SIGN_IN_FORMS.has(row.path) ? 'same-origin' : 'no-referrer', at);
      assert.equal(res.headers['x-powered-by'], undefined, at);
      assert.equal(res.headers['strict-transport-security'], undefined, `${at}: no HSTS on plain http`);
      // No inline script at all (the CSP would block it anyway; this catches it before a browser does).
      assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${at}: inline script`);
    }
  });

  it('every answer names its type (a charset on text), carries no CORS grant even to a foreign Origin, and other methods are refused (ASVS 14.4.1, 14.5.1, 14.5.3)', async () => {
    const problems: string[] = [];
    for (const row of ROUTES) {
      const res = await send(w, row, firstAllowed(row), { headers: { Origin: 'https://evil.example' } });
      const at = `${rowKey(row)} (${res.status})`;
      const type = res.headers['content-type'];
      if (res.status !== 204 && res.status !== 304 && !(res.status >= 300 && res.status < 400)) {
        if (!type) problems.push(`${at}: no Content-Type`);
        else if (/^(text\/|application\/json)/.test(type) && !/charset=utf-8/i.test(type)) problems.push(`${at}: ${type}`);
      }
      for (const h of Object.keys(res.headers)) if (h.startsWith('access-control-')) problems.push(`${at}: ${h}`);
    }
    const paths = [...new Set(ROUTES.map((r) => r.url?.(w, firstAllowed(r)) ?? r.path))];
    const agent = request(t.app);
    for (const url of paths)
      for (const method of ['put', 'delete', 'patch'] as const) {
        const res = await agent[method](url).set('Origin', 'https://evil.example');
        if (![401, 403, 404, 405].includes(res.status)) problems.push(`${method.toUpperCase()} ${url}: ${res.status}`);
      }
    const preflight = await agent
      .options('/api/v1/registrations')
      .set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    if (preflight.headers['access-control-allow-origin'] !== undefined) problems.push('a CORS preflight was granted');
    assert.deepEqual(problems, []);
  });

  it('under an https BASE_URL: HSTS on the pages and a Secure __Host- session cookie', async () => {
    const https = await makeTestApp({ env: { BASE_URL: 'https://rollcall.test' } });
    try {
      // (A Secure cookie never comes back over the tests' plain http, so only pages without a session here.)
      for (const path of ['/', '/admin/login', '/partner/login', `/r/${'A'.repeat(43)}/name`]) {
        const res = await request(https.app).get(path);
        assert.match(res.headers['strict-transport-security'] ?? '', /max-age=\d{8,}/, path);
      }
      const { partner } = await https.ctx.partners.store.create('Secure Org', null);
      await https.ctx.auth.users.create({
        email: 'secure@example.org',
        password: 'correct horse battery staple 42',
        role: 'partner',
        partnerId: partner.id,
      });
      const login = await request(https.app).get('/partner/login');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
      const password = await request(https.app)
        .post('/partner/login')
        .type('form')
        .send({ _csrf: csrf, email: 'secure@example.org', password: 'correct horse battery staple 42' });
      assert.equal(password.status, 303);
      // The second factor (enrolment), with the half session's cookie; it answers with the full one.
      const half = /^__Host-rc_session=([^;]+)/.exec((password.headers['set-cookie'] as unknown as string[])[0]!)![1]!;
      const setup = await request(https.app).get('/partner/totp/setup').set('Cookie', `__Host-rc_session=${half}`);
      const res = await request(https.app)
        .post('/partner/totp/setup')
        .set('Cookie', `__Host-rc_session=${half}`)
        .type('form')
        .send({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(setup.text)![1]!,
          sealed: /name="sealed" value="([^"]+)"/.exec(setup.text)![1]!,
          code: await https.ctx.partners.totp.codeFor(/id="totp-secret">([A-Z2-7]+)</.exec(setup.text)![1]!),
        });
      assert.equal(res.status, 303);
      const cookies = res.headers['set-cookie'] as unknown as string[];
      assert.equal(cookies.length, 1);
      for (const cookie of cookies) assert.match(cookie, /; Secure/, cookie);
      // `__Host-`: Secure, Path=/ and no Domain, so no subdomain or plain-http page can plant or overwrite it.
      const cookie = cookies[0]!;
      assert.match(cookie, /^__Host-rc_session=[A-Za-z0-9_-]{43};/, cookie);
      assert.match(cookie, /; Path=\/(;|$)/, cookie);
      assert.doesNotMatch(cookie, /; Domain=/i, cookie);
      const token = /=([^;]+)/.exec(cookie)![1]!;
      const home = await request(https.app).get('/partner').set('Cookie', `__Host-rc_session=${token}`);
      assert.equal(home.status, 200, 'the session is read back under its __Host- name');
      const plain = await request(https.app).get('/partner').set('Cookie', `rc_session=${token}`);
      assert.equal(plain.status, 303, 'an https site ignores the plain name (a planted cookie cannot pass for it)');
      const out = await request(https.app)
        .post('/partner/logout')
        .set('Cookie', `__Host-rc_session=${token}`)
        .type('form')
        .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(home.text)![1]! });
      assert.match(
        (out.headers['set-cookie'] as unknown as string[])[0]!,
        /^__Host-rc_session=; Path=\/;.*; Secure/,
        'cleared under the same name',
      );
    } finally {
      await https.close();
    }
  });
});
