// A user half signed in (password given, second factor not yet): the one who may post the TOTP
// forms. Staff and partner users, each either enrolled (the code page) or not (enrolment).
import assert from 'node:assert/strict';
import request from 'supertest';
import { PASSWORD as STAFF_PASSWORD, type Agent } from '../admin-sign-in.js';
import { PASSWORD as PARTNER_PASSWORD } from '../partners.js';
import { csrfOf } from '../voter-session.js';
import type { World } from './world.js';

export const PENDING = ['pendingStaff', 'pendingEnrolment', 'pendingPartner', 'pendingPartnerEnrolment'] as const;
export type Pending = (typeof PENDING)[number];

export const isPending = (who: unknown): who is Pending => (PENDING as readonly unknown[]).includes(who);

let counter = 0;

/** Signs in with the password only; `page` is the second-factor page's HTML, at `path`. */
export async function halfSignedIn(w: World, which: Pending): Promise<{ agent: Agent; page: string; path: string }> {
  const partner = which === 'pendingPartner' || which === 'pendingPartnerEnrolment';
  const enrolled = which === 'pendingStaff' || which === 'pendingPartner';
  const side = partner ? 'partner' : 'admin';
  const password = partner ? PARTNER_PASSWORD : STAFF_PASSWORD;
  let email: string;
  if (enrolled) email = partner ? w.a.email : (await w.t.ctx.auth.users.byId(w.support.userId))!.email;
  else {
    email = `half-${side}-${Date.now()}-${++counter}@example.org`;
    await w.t.ctx.auth.users.create(partner ? { email, password, role: 'partner', partnerId: w.a.id } : { email, password, role: 'admin' });
  }
  const agent = request.agent(w.t.app);
  const login = await agent.get(`/${side}/login`);
  const res = await agent
    .post(`/${side}/login`)
    .type('form')
    .send({ _csrf: csrfOf(login.text), email, password });
  assert.equal(res.status, 303);
  const path = `/${side}/totp${enrolled ? '' : '/setup'}`;
  const page = (await agent.get(path)).text;
  return { agent, page, path };
}
