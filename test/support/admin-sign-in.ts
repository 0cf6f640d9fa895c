// Signing in to the admin side in tests: through the real forms (password, then TOTP) or, for
// roles the form refuses (partner users), with a session made directly.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Role } from '../../server/auth/users.js';
import type { FakeClock } from '../../server/clock.js';
import type { TestApp } from './app-fixture.js';

export const PASSWORD = 'correct horse battery staple';

export type Agent = ReturnType<typeof request.agent>;

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page has a CSRF token');
  return m[1]!;
}

let counter = 0;

export interface SignedInAgent {
  agent: Agent;
  email: string;
  userId: number;
  secret: string | null;
  /** A fresh CSRF token for this session (read from a page). */
  csrf(): Promise<string>;
}

/** Creates a user of `role` and signs in through /admin/login and TOTP enrolment. */
export async function signIn(
  t: TestApp,
  role: Exclude<Role, 'partner'>,
  email = `${role}${++counter}@example.org`,
): Promise<SignedInAgent> {
  const user = await t.ctx.auth.users.create({ email, password: PASSWORD, role });
  const agent = request.agent(t.app);
  const login = await agent.get('/admin/login');
  assert.equal(login.status, 200);
  const res = await agent
    .post('/admin/login')
    .type('form')
    .send({ _csrf: csrfOf(login.text), email, password: PASSWORD, next: '/admin/registrations' });
  assert.equal(res.status, 303, res.text);
  assert.match(res.headers.location!, /^\/admin\/totp\/setup/);
  const setup = await agent.get(res.headers.location!);
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.text)![1]!;
  const sealed = /name="sealed" value="([^"]+)"/.exec(setup.text)![1]!;
  const code = await t.ctx.admin.totp.codeFor(secret);
  const done = await agent
    .post('/admin/totp/setup')
    .type('form')
    .send({ _csrf: csrfOf(setup.text), sealed, code, next: '/admin/registrations' });
  assert.equal(done.status, 303, done.text);
  assert.equal(done.headers.location, '/admin/registrations');
  // the next sign-in by anyone needs a later time step
  (t.clock as FakeClock).advance(30_000);
  return { agent, email, userId: user.id, secret, csrf: async () => csrfOf((await agent.get('/admin/storage')).text) };
}

/** A partner user with a full session (the admin login refuses them; their own portal would give them one). */
export async function partnerSession(t: TestApp): Promise<SignedInAgent> {
  const { partner } = await t.ctx.partners.store.create(`Partner ${++counter}`, null);
  const email = `partner${counter}@example.org`;
  const user = await t.ctx.auth.users.create({ email, password: PASSWORD, role: 'partner', partnerId: partner.id });
  const { token, session } = await t.ctx.auth.sessions.create(user.id, true);
  const agent = request.agent(t.app);
  agent.set('Cookie', `rc_session=${token}`);
  const { sessionCsrfScope } = await import('../../server/auth/guard.js');
  return { agent, email, userId: user.id, secret: null, csrf: async () => t.ctx.http.csrf.issue(sessionCsrfScope(session)) };
}
