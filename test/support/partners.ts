// Helpers for the partner tests: registrations that arrive through a partner's link, partner users
// signed in to the portal.
import assert from 'node:assert/strict';
import request from 'supertest';
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

export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const agent = request.agent(t.app);
  const form = await agent.get('/partner/login');
  const res = await agent
    .post('/partner/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password });
  assert.equal(res.status, 303, `sign-in as ${email}: ${res.status}`);
  assert.equal(res.headers.location, '/partner');
  return agent;
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
