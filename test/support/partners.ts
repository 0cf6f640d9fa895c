// Helpers for the partner tests: registrations that arrive through a partner's link, partner users
// signed in to the portal.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { FakeClock } from '../../server/clock.js';
import { makeTestApp, type TestApp } from './app-fixture.js';
import { csrfOf, registerCaliforniaVoter, VoterSession } from './voter-session.js';

export const unescapeHtml = (html: string): string =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Starts a registration from a partner link; returns the session (positioned on eligibility). */
export async function startFromLink(t: TestApp, query: string): Promise<VoterSession> {
  const home = await request(t.app).get(`/?${query}`);
  assert.equal(home.status, 200);
  const hidden = Object.fromEntries(
    [...home.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]),
  );
  const res = await request(t.app)
    .post('/register')
    .type('form')
    .send({ ...hidden, _csrf: csrfOf(home.text) });
  assert.equal(res.status, 303);
  const s = new VoterSession(t.app);
  s.token = /^\/r\/([A-Za-z0-9_-]{43})\/eligibility$/.exec(res.headers.location ?? '')![1]!;
  return s;
}

export async function completeFromLink(t: TestApp, query: string): Promise<VoterSession> {
  const s = await startFromLink(t, query);
  await registerCaliforniaVoter(s);
  return s;
}

export const PASSWORD = 'correct horse battery staple 42';

/** A partner (with a user) and a supertest agent signed in as that user. */
export async function partnerWithUser(t: TestApp, name: string, email: string) {
  const { partner, apiKey } = await t.ctx.partners.store.create(name, email);
  await t.ctx.auth.users.create({ email, password: PASSWORD, role: 'partner', partnerId: partner.id });
  const agent = await signIn(t, email);
  return { partner, apiKey, agent };
}

/** Signs in through /partner/login and the second factor (enrolment the first time, else a code). */
export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const agent = request.agent(t.app);
  const form = await agent.get('/partner/login');
  const res = await agent
    .post('/partner/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password });
  assert.equal(res.status, 303, `sign-in as ${email}: ${res.status}`);
  await passSecondFactor(t, agent, res.headers.location!, email);
  return agent;
}

/**
 * The partner second factor, as a user with an authenticator app does it: `location` is where the
 * password step sent the agent (/partner/totp/setup or /partner/totp). A code is used once, so a
 * later sign-in of the same user takes a code of a later time step (the clock moves on if needed).
 */
export async function passSecondFactor(
  t: TestApp,
  agent: ReturnType<typeof request.agent>,
  location: string,
  email: string,
): Promise<request.Response> {
  const totp = t.ctx.partners.totp;
  const page = await agent.get(location);
  assert.equal(page.status, 200, `${location}: ${page.status}`);
  let res: request.Response;
  if (location === '/partner/totp/setup') {
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)![1]!;
    const sealed = unescapeHtml(/name="sealed" value="([^"]+)"/.exec(page.text)![1]!);
    res = await agent
      .post(location)
      .type('form')
      .send({ _csrf: csrfOf(page.text), sealed, code: await totp.codeFor(secret) });
  } else {
    assert.equal(location, '/partner/totp');
    const user = (await t.ctx.auth.users.byEmail(email)) as unknown as { totp_secret_enc: string; totp_last_step: number | null };
    const lastStep = user.totp_last_step === null ? -1 : Number(user.totp_last_step);
    // A code of the step after the last one used: this step or the next (both accepted), else wait.
    let at = Math.max(t.clock.now(), (lastStep + 1) * 30_000);
    if (at > t.clock.now() + 30_000) {
      (t.clock as FakeClock).advance(at - t.clock.now());
      at = t.clock.now();
    }
    res = await agent
      .post(location)
      .type('form')
      .send({ _csrf: csrfOf(page.text), code: await totp.codeFor(totp.secretOf(user.totp_secret_enc), at) });
  }
  assert.equal(res.status, 303, `second factor: ${res.status}`);
  assert.equal(res.headers.location, '/partner');
  return res;
}

/** A partner and its signed-in portal user (what partnerWithUser makes). */
export type PartnerUser = Awaited<ReturnType<typeof partnerWithUser>>;

/**
 * A test app with two partners, Club A and Club B, each with a signed-in user: the setup of every
 * test that tries one partner's requests against the other's data. A is made first.
 */
export async function appWithClubsAAndB(
  options: Parameters<typeof makeTestApp>[0] = {},
): Promise<{ t: TestApp; a: PartnerUser; b: PartnerUser }> {
  const t = await makeTestApp(options);
  const a = await partnerWithUser(t, 'Club A', 'a@club.example');
  const b = await partnerWithUser(t, 'Club B', 'b@club.example');
  return { t, a, b };
}
