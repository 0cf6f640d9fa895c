// Under 18 in the web flow (issue 15): a state that takes pre-registration lets the voter finish
// and prints its note; a state that does not yet offers "remind me when I can register", which
// schedules turning_18 at the rule's first day only when the voter ticks the box. The clock is
// the fixture's fake one: 1 October 2026, 15:00 UTC.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { zipIn } from '../../../support/id-cases.js';
import { extractText } from '../../../support/pdf-text.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

/** A date of birth `years` years (and `days` days) before the fixture's today, as the name step posts it. */
function bornAgo(years: number, days = 0): Record<string, string> {
  const d = new Date(TEST_NOW);
  const born = new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate() + days));
  return {
    'dateOfBirth.month': String(born.getUTCMonth() + 1),
    'dateOfBirth.day': String(born.getUTCDate()),
    'dateOfBirth.year': String(born.getUTCFullYear()),
  };
}

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

interface Voter {
  state: string;
  city: string;
  eighteen: 'yes' | 'no';
  dob: Record<string, string>;
  party?: Record<string, string>;
}

describe('under 18 and state notes', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  async function startAs(v: Voter, lang: 'en' | 'es' = 'en') {
    const s = new VoterSession(t.app);
    await s.start(lang);
    await s.complete(
      'eligibility',
      { usCitizen: 'yes', eighteenByElectionDay: v.eighteen, zip: zipIn(v.state), email: 'sam@example.org' },
      'name',
    );
    const name = await s.post('name', { firstName: 'Sam', lastName: 'Rivera', ...v.dob });
    return { s, name };
  }

  async function finish(v: Voter, lang: 'en' | 'es' = 'en') {
    const { s, name } = await startAs(v, lang);
    assert.equal(name.headers.location, `/r/${s.token}/addresses`, `name step: ${name.status} ${name.text?.slice(0, 300)}`);
    await s.complete(
      'addresses',
      {
        'homeAddress.street': '12 Main Street',
        'homeAddress.city': v.city,
        'homeAddress.state': v.state,
        'homeAddress.zip': zipIn(v.state),
      },
      'id',
    );
    await s.complete('id', { idType: 'none' }, 'party');
    await s.complete('party', v.party ?? {}, 'review');
    await s.complete('review', { attest: 'yes' }, 'done');
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})" id="download-pdf"/.exec(done.text)?.[1];
    assert.ok(pdfPath, 'no PDF link on the done page');
    const pdf = await request(t.app).get(pdfPath).buffer(true);
    const text = await extractText(pdf.body as Buffer);
    return { s, done: done.text, instructions: text.pages[1]!.replace(/\s+/g, ' ') };
  }

  const mailRows = (registrationId: number) => t.ctx.db('voter_mail').where({ registration_id: registrationId });
  const rowOf = async (s: VoterSession) => (await t.ctx.registrations.service.findByResumeToken(s.token))!;

  it('lets a 16-year-old in California finish, with the pre-registration note on the end page and the PDF', async () => {
    const { done, instructions } = await finish({
      state: 'CA',
      city: 'Sacramento',
      eighteen: 'no',
      dob: bornAgo(16),
      party: { party: 'democratic' },
    });
    assert.match(done, /Registering before you are 18/);
    assert.match(done, /In California you can pre-register from age 16; you can vote once you are 18\./);
    assert.match(instructions, /Registering before you are 18: In California you can pre-\s?register from age 16/);
  });

  it('still stops a 15-year-old in California, and offers to email them on their 16th birthday', async () => {
    const { s, name } = await startAs({ state: 'CA', city: 'Sacramento', eighteen: 'no', dob: bornAgo(15) });
    assert.equal(name.headers.location, `/r/${s.token}/stop`);
    const stop = await s.get('stop');
    assert.match(stop.text, /Remind me when I can register/);
    assert.match(stop.text, /October 1, 2027/);
    // The address they gave is prefilled; the box is not ticked for them.
    assert.match(stop.text, /name="email" type="email" value="sam@example.org"/);
    assert.doesNotMatch(stop.text, /name="consent" value="yes" checked/);
    // No way round it: the next steps stay closed.
    assert.equal((await s.get('addresses')).headers.location, `/r/${s.token}/eligibility`);
  });

  it('names the contradiction when a voter says they will not be 18 but their date of birth says they are', async () => {
    const { name } = await startAs({ state: 'CA', city: 'Sacramento', eighteen: 'no', dob: bornAgo(30) });
    assert.equal(name.status, 422);
    assert.match(name.text, /this date makes you 18 already/);
  });

  it('offers a 16-year-old in Texas (from 17 years and 10 months) the reminder; without the box ticked nothing is scheduled', async () => {
    const { s, name } = await startAs({ state: 'TX', city: 'Austin', eighteen: 'no', dob: bornAgo(16) });
    assert.equal(name.headers.location, `/r/${s.token}/stop`);
    const stop = await s.get('stop');
    // 18 on 1 October 2028; Texas takes registrations two months before.
    assert.match(stop.text, /from August 1, 2028/);
    const refused = await request(t.app)
      .post(`/r/${s.token}/remind`)
      .type('form')
      .send({ _csrf: csrfOf(stop.text), email: 'sam@example.org' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Tick the box if you want the email/);
    assert.match(refused.text, /href="#consent"/);
    const row = await rowOf(s);
    assert.deepEqual(await mailRows(row.id), []);
    assert.equal(row.turning_18_consent_at ?? null, null);
  });

  it('schedules turning_18 at the first day the rule allows when the voter consents, with the address they confirm', async () => {
    const { s } = await startAs({ state: 'TX', city: 'Austin', eighteen: 'no', dob: bornAgo(16) });
    const stop = await s.get('stop');
    const bad = await request(t.app)
      .post(`/r/${s.token}/remind`)
      .type('form')
      .send({ _csrf: csrfOf(stop.text), email: 'not an address', consent: 'yes' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="email-error"/);
    const ok = await request(t.app)
      .post(`/r/${s.token}/remind`)
      .type('form')
      .send({ _csrf: csrfOf(stop.text), email: 'sam.new@example.org', consent: 'yes' });
    assert.equal(ok.status, 303);
    const row = await rowOf(s);
    const [mail, ...more] = await mailRows(row.id);
    assert.equal(more.length, 0);
    assert.equal(mail.kind, 'turning_18');
    assert.equal(mail.status, 'scheduled');
    assert.equal(Number(mail.due_at), utc(2028, 8, 1));
    const job = await t.ctx.db('jobs').where({ id: mail.job_id }).first();
    assert.equal(job.kind, 'send_voter_mail');
    assert.equal(row.email, 'sam.new@example.org');
    assert.equal(Number(row.turning_18_consent_at), TEST_NOW);
    const after = await s.get('stop');
    assert.match(after.text, /We will email sam\.new@example\.org on August 1, 2028/);
    assert.doesNotMatch(after.text, /name="consent"/);
    // A second post schedules nothing more.
    await request(t.app)
      .post(`/r/${s.token}/remind`)
      .type('form')
      .send({ _csrf: csrfOf(stop.text), email: 'sam.new@example.org', consent: 'yes' });
    assert.equal((await mailRows(row.id)).length, 1);
  });

  it('uses the 18th birthday where the rule is "18 by the next election" (Alabama), and says the date is the latest it could be', async () => {
    const { s } = await startAs({ state: 'AL', city: 'Montgomery', eighteen: 'no', dob: bornAgo(17) });
    const stop = await s.get('stop', '?lang=es');
    assert.match(stop.text, /1 de octubre de 2027/);
    assert.match(stop.text, /el día más tardío posible/);
    await request(t.app)
      .post(`/r/${s.token}/remind`)
      .type('form')
      .send({ _csrf: csrfOf(stop.text), email: 'sam@example.org', consent: 'yes' });
    const [mail] = await mailRows((await rowOf(s)).id);
    assert.equal(Number(mail.due_at), utc(2027, 10, 1));
  });

  it('decides "18 by the next November general election" (Arizona) from the date of birth', async () => {
    // 18 on 3 November 2026, election day: may register now.
    const onTime = await startAs({ state: 'AZ', city: 'Phoenix', eighteen: 'no', dob: bornAgo(18, 33) });
    assert.equal(onTime.name.headers.location, `/r/${onTime.s.token}/addresses`);
    // 18 the day after: not before the 2026 election has passed.
    const late = await startAs({ state: 'AZ', city: 'Phoenix', eighteen: 'no', dob: bornAgo(18, 34) });
    assert.equal(late.name.headers.location, `/r/${late.s.token}/stop`);
    const stop = await late.s.get('stop');
    assert.match(stop.text, /from November 4, 2026/);
    assert.match(stop.text, /the latest day it could be/);
  });

  it('lets a 17-year-old in Connecticut who is 18 by the November election continue, and stops one who is 18 the day after', async () => {
    const ready = await startAs({ state: 'CT', city: 'Hartford', eighteen: 'no', dob: bornAgo(18, 20) });
    assert.equal(ready.name.headers.location, `/r/${ready.s.token}/addresses`);
    const after = await startAs({ state: 'CT', city: 'Hartford', eighteen: 'no', dob: bornAgo(18, 34) });
    assert.equal(after.name.headers.location, `/r/${after.s.token}/stop`);
    assert.match((await after.s.get('stop')).text, /from November 4, 2026/);
  });

  for (const [lang, title, words] of [
    ['en', 'Arizona: proof of citizenship', /federal-\s?only/],
    ['es', 'Arizona: prueba de ciudadanía', /solo federal/],
  ] as const) {
    it(`prints Arizona's proof-of-citizenship note on the end page and the PDF (${lang})`, async () => {
      const { done, instructions } = await finish(
        { state: 'AZ', city: 'Phoenix', eighteen: 'yes', dob: bornAgo(30), party: { party: 'democratic' } },
        lang,
      );
      assert.match(done, new RegExp(title));
      assert.match(done, words);
      assert.match(instructions, new RegExp(`${title}: `));
      assert.match(instructions, words);
      assert.match(instructions, /1996/);
      // An adult gets no pre-registration note.
      assert.doesNotMatch(done, /Registering before|Inscribirse antes/);
    });
  }

  it('keeps a consented registration from the purge while turning_18 is scheduled, then purges it', async () => {
    // Two stopped 16-year-olds in Texas, both asking to be told: one later stops the message,
    // the other gets it on the day.
    const remindMe = async () => {
      const { s } = await startAs({ state: 'TX', city: 'Austin', eighteen: 'no', dob: bornAgo(16) });
      const stop = await s.get('stop');
      await request(t.app)
        .post(`/r/${s.token}/remind`)
        .type('form')
        .send({ _csrf: csrfOf(stop.text), email: 'sam@example.org', consent: 'yes' });
      return (await rowOf(s)).id;
    };
    const sent = await remindMe();
    const stopped = await remindMe();
    const message = async (id: number) => (await t.ctx.db('voter_mail').where({ registration_id: id, kind: 'turning_18' }).first())!;
    const registration = async (id: number) =>
      t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where({ id }).first());
    const assertPurged = async (id: number) => {
      const row = await registration(id);
      assert.equal(row.status, 'purged');
      assert.equal(row.email, null);
      assert.equal(row.turning_18_consent_at, null);
      assert.equal(row.answers, '{}');
    };
    const clock = t.ctx.clock as unknown as { advance(ms: number): void };
    const dueAt = Number((await message(sent)).due_at);
    clock.advance((t.ctx.config.retentionDays + 1) * 24 * 60 * 60_000);
    assert.ok(t.ctx.clock.now() < dueAt, 'the message is due after the retention period');

    // Past retention, the message still scheduled: both kept, with the address they consented to.
    await t.ctx.privacy.purger.run({ dryRun: false });
    for (const id of [sent, stopped]) {
      const row = await registration(id);
      assert.equal(row.status, 'in_progress');
      assert.equal(row.email, 'sam@example.org');
      assert.notEqual(row.turning_18_consent_at, null);
      assert.equal((await message(id)).status, 'scheduled');
    }

    // One cancelled: the next round purges it, and only it.
    await t.ctx.db.transaction(async (trx) => {
      assert.equal(await t.ctx.mail.voter.cancel(trx, stopped, ['turning_18']), 1);
    });
    await t.ctx.privacy.purger.run({ dryRun: false });
    await assertPurged(stopped);
    assert.equal((await registration(sent)).status, 'in_progress');

    // The other sent on its day: the next round purges it too.
    clock.advance(dueAt - t.ctx.clock.now());
    await t.ctx.jobs.runner.drain();
    assert.equal((await message(sent)).status, 'sent');
    await t.ctx.privacy.purger.run({ dryRun: false });
    await assertPurged(sent);
  });
});
