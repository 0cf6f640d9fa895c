// The cast of the security suites: partner A and partner B (each with a signed-in portal user and
// an API key), support and admin staff (signed in through password + TOTP), and voter A, whose
// registrations (one finished, one in progress) arrived through partner A's link. Every suite
// tries A's objects from the other identities.
import assert from 'node:assert/strict';
import request from 'supertest';
import { signIn as staffSignIn, type Agent, type SignedInAgent } from '../admin-sign-in.js';
import { images, uploadLogo } from '../logo-images.js';
import { partnerWithUser, startFromLink } from '../partners.js';
import { makeTestApp, type TestApp } from '../app-fixture.js';
import { californiaVoter } from '../../../support/web-voter.js';
import { csrfOf, VoterSession } from '../voter-session.js';

/** Who sends a request. `voter` holds voter A's links; nobody else knows them. */
export type Who = 'visitor' | 'voter' | 'partnerA' | 'partnerB' | 'support' | 'admin';
export const EVERYONE: Who[] = ['visitor', 'voter', 'partnerA', 'partnerB', 'support', 'admin'];

/** Voter A's answers: distinctive, so any of them found in a response or a log line is a leak. */
export const voterA = {
  firstName: 'Zephyrine',
  lastName: 'Quillfeather',
  email: 'zephyrine.q@example.org',
  phone: '(916) 555-0187',
  street: '4417 Marigold Terrace',
  city: 'Sacramento',
  idNumber: 'Q7654321',
  birthDate: { year: '1987', month: '11', day: '23' },
};

/** Every string of voter A that must never reach someone else, a URL or a log line. */
export const personalStrings = [
  voterA.firstName,
  voterA.lastName,
  voterA.email,
  voterA.phone,
  '555-0187',
  voterA.street,
  voterA.idNumber,
  '1987-11-23',
  '11/23/1987',
];

export const voterAnswers = {
  eligibility: { ...californiaVoter.eligibility, email: voterA.email },
  name: {
    firstName: voterA.firstName,
    lastName: voterA.lastName,
    'dateOfBirth.month': voterA.birthDate.month,
    'dateOfBirth.day': voterA.birthDate.day,
    'dateOfBirth.year': voterA.birthDate.year,
    phone: voterA.phone,
  },
  addresses: { ...californiaVoter.addresses, 'homeAddress.street': voterA.street },
  id: { idNumber: voterA.idNumber },
  party: californiaVoter.party,
  review: californiaVoter.review,
};

const ORDER = ['eligibility', 'name', 'addresses', 'id', 'party', 'review', 'done'] as const;

/** Completes voter A's steps from eligibility up to (not including) `until`. */
export async function fillVoterA(s: VoterSession, until: (typeof ORDER)[number] = 'done'): Promise<void> {
  for (let i = 0; ORDER[i] !== until; i++) {
    const step = ORDER[i] as keyof typeof voterAnswers;
    await s.complete(step, voterAnswers[step], ORDER[i + 1]!);
  }
}

export interface PartnerSide {
  id: string;
  apiKey: string;
  agent: Agent;
  email: string;
  csrf(): Promise<string>;
  /** A spare API key's row id (the revoke route's object). */
  spareKeyId: number;
  /** The logo partner A uploaded (B has none): the file sent and the stored PNG's sha256. */
  logo: { upload: Buffer; sha256: string };
}

export interface World {
  t: TestApp;
  a: PartnerSide;
  b: PartnerSide;
  support: SignedInAgent;
  admin: SignedInAgent;
  /** Voter A's finished registration (PDF ready) and its resume token. */
  done: { token: string; uid: string; id: number };
  /** Voter A's registration in progress, at the review step. */
  progress: { token: string; uid: string };
  /** A live PDF link to voter A's finished registration. */
  pdfToken: string;
  /** The token of an email voter A received (the email link page, server/mail/). */
  mailToken: string;
  /** A well-formed token that opens nothing (what anyone but voter A has to guess with). */
  forgedToken: string;
  /** Partner A prints its own voters' forms: its batch holding voter A's printed-form request. */
  printBatch: { id: number; requestId: number };
}

async function partnerSide(t: TestApp, name: string, email: string): Promise<PartnerSide> {
  const { partner, apiKey, agent } = await partnerWithUser(t, name, email);
  await t.ctx.partners.store.createKey(partner.id, 'spare');
  const spare = await t.ctx.db('api_keys').where({ partner_id: partner.id, name: 'spare' }).first();
  return {
    id: partner.id,
    apiKey,
    agent,
    email,
    spareKeyId: Number(spare.id),
    csrf: async () => csrfOf((await agent.get('/partner/keys')).text),
    logo: { upload: Buffer.alloc(0), sha256: '' },
  };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const a = await partnerSide(t, 'Club A', 'a@club-a.example');
  const b = await partnerSide(t, 'Club B', 'b@club-b.example');
  await t.ctx.partners.store.setOrigins(a.id, ['https://club-a.example']);
  a.logo.upload = await images.png(300, 100);
  assert.equal((await uploadLogo(a.agent, { bytes: a.logo.upload })).status, 303);
  a.logo.sha256 = (await t.ctx.db('partners').where({ id: a.id }).first('logo_sha256')).logo_sha256;

  const finished = await startFromLink(t, `partner=${a.id}&source=sec`);
  await fillVoterA(finished);
  const inProgress = await startFromLink(t, `partner=${a.id}&source=sec`);
  await fillVoterA(inProgress, 'review');
  // Partner B has a registrant of its own, so its pages are not empty.
  const other = await startFromLink(t, `partner=${b.id}&source=sec`);
  await other.complete('eligibility', californiaVoter.eligibility, 'name');
  await t.ctx.jobs.runner.drain();

  const doneRow = await t.ctx.registrations.service.findByResumeToken(finished.token);
  const progressRow = await t.ctx.registrations.service.findByResumeToken(inProgress.token);
  assert.ok(doneRow && progressRow);
  assert.equal(doneRow.status, 'pdf_ready');
  const { token: pdfToken } = await t.ctx.registrations.links.mint(doneRow.id);
  const mailToken = await t.ctx.mail.links.mint(doneRow.id);

  // Both partners print their own voters' forms; voter A asked for one, in partner A's first batch.
  for (const side of [a, b]) await t.ctx.print.setSettings(side.id, { offerEnabled: true, printsOwn: true });
  const asked = await t.ctx.print.request(doneRow, { street: voterA.street, city: voterA.city, state: 'CA', zip: '95814' });
  const partnerUser = await t.ctx.db('users').where({ email: a.email }).first('id');
  const batch = await t.ctx.print.createBatch(a.id, Number(partnerUser.id), null);
  assert.ok(batch);

  const support = await staffSignIn(t, 'support');
  const admin = await staffSignIn(t, 'admin');
  return {
    t,
    a,
    b,
    support,
    admin,
    done: { token: finished.token, uid: doneRow.uid, id: doneRow.id },
    progress: { token: inProgress.token, uid: progressRow.uid },
    pdfToken,
    mailToken,
    forgedToken: 'A'.repeat(43),
    printBatch: { id: batch.id, requestId: asked.request.id },
  };
}

/** The agent an identity sends with: its cookies (if it has a session) and nothing else. */
export function agentOf(w: World, who: Who): Agent | ReturnType<typeof request> {
  switch (who) {
    case 'partnerA':
      return w.a.agent;
    case 'partnerB':
      return w.b.agent;
    case 'support':
      return w.support.agent;
    case 'admin':
      return w.admin.agent;
    default:
      return request(w.t.app);
  }
}

/** A CSRF token valid for the identity's own session ('' for identities without one). */
export async function sessionCsrfOf(w: World, who: Who): Promise<string> {
  switch (who) {
    case 'partnerA':
      return w.a.csrf();
    case 'partnerB':
      return w.b.csrf();
    case 'support':
      return w.support.csrf();
    case 'admin':
      return w.admin.csrf();
    default:
      return '';
  }
}

/** A fresh app with the whole cast in it, for a suite's `before`. */
export async function openWorld(): Promise<{ t: TestApp; w: World }> {
  const t = await makeTestApp();
  return { t, w: await buildWorld(t) };
}

/** The suite's `after`: lets a running admin task (a verify) end, then closes the app. */
export async function closeWorld(t: TestApp): Promise<void> {
  await t.ctx.admin.verifyTasks.current;
  await t.close();
}
