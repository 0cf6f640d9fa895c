import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';

describe('voter flow (no JavaScript)', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('takes a voter from the start page to a downloadable PDF', async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    await registerCaliforniaVoter(s);
    const waiting = await s.get('done');
    assert.equal(waiting.status, 200);
    assert.match(waiting.text, /http-equiv="refresh"/);
    assert.doesNotMatch(waiting.text, /id="download-pdf"/);
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    assert.doesNotMatch(done.text, /http-equiv="refresh"/);
    // Where to mail it: the voter's county office (ZIP 95814), not the state's.
    assert.match(done.text, /Sacramento County<br>Registrar of Voters<br>7000 65TH ST STE A<br>SACRAMENTO, CA 95823<br>/);
    const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})" id="download-pdf"/.exec(done.text)?.[1];
    assert.ok(pdfPath, 'no PDF link on the done page');
    const pdf = await request(t.app).get(pdfPath).buffer(true);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['x-rollcall-pdf-source'], 'storage');
    const row = await t.ctx.db('registrations').where({ status: 'pdf_ready' }).orderBy('id', 'desc').first();
    assert.equal(row.source, 'test-suite');
    assert.equal(row.channel, 'web');
  });

  it('answers an invalid step with 422, an error summary linking to each field, and the values kept', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const res = await s.post('eligibility', { usCitizen: 'yes', zip: '9581', email: 'not-an-email' });
    assert.equal(res.status, 422);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /There is a problem/);
    for (const id of ['eighteenByElectionDay', 'zip', 'email']) {
      assert.match(res.text, new RegExp(`<a href="#${id}">`), `summary links to #${id}`);
      assert.match(res.text, new RegExp(`id="${id}-error"`));
    }
    assert.match(res.text, /id="zip"[^>]*value="9581"|value="9581"[^>]*/);
    assert.match(res.text, /value="not-an-email"/);
    assert.match(res.text, /aria-invalid="true"/);
  });

  it("refuses a post without the CSRF token, or with another registration's token", async () => {
    const a = new VoterSession(t.app);
    await a.start();
    const b = new VoterSession(t.app);
    await b.start();
    const noToken = await request(t.app).post(`/r/${a.token}/eligibility`).type('form').send(californiaVoter.eligibility);
    assert.equal(noToken.status, 403);
    const bPage = await b.get('eligibility');
    const wrong = await request(t.app)
      .post(`/r/${a.token}/eligibility`)
      .type('form')
      .send({ ...californiaVoter.eligibility, _csrf: csrfOf(bPage.text) });
    assert.equal(wrong.status, 403);
  });

  it('refuses a form posted from another site', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const page = await s.get('eligibility');
    const res = await request(t.app)
      .post(`/r/${s.token}/eligibility`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ ...californiaVoter.eligibility, _csrf: csrfOf(page.text) });
    assert.equal(res.status, 403);
  });

  it('switches language on any page without losing saved answers', async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    const es = await s.get('name', '?lang=es');
    assert.match(es.text, /<html lang="es">/);
    assert.match(es.text, /Fecha de nacimiento/);
    assert.match(es.text, /value="Núñez"/);
    // The choice sticks: the next page is Spanish too.
    const next = await s.get('addresses');
    assert.match(next.text, /Dirección de residencia/);
    assert.match(next.text, /value="95814"/); // ZIP from eligibility prefilled
  });

  it('resumes a returning voter at the first unfinished step, and does not let them skip ahead', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const resume = await request(t.app).get(`/r/${s.token}`);
    assert.equal(resume.status, 303);
    assert.equal(resume.headers.location, `/r/${s.token}/name`);
    const skip = await s.get('party');
    assert.equal(skip.status, 303);
    assert.equal(skip.headers.location, `/r/${s.token}/name`);
  });

  it('explains, with no form, to a non-citizen and a voter in a state that refuses the form', async () => {
    const stopPage = async (patch: Record<string, string>) => {
      const session = new VoterSession(t.app);
      await session.start();
      const res = await session.post('eligibility', { ...californiaVoter.eligibility, ...patch });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/r/${session.token}/stop`);
      const page = await session.get('stop');
      assert.equal(page.status, 200);
      return { session, page };
    };
    const a = await stopPage({ usCitizen: 'no' });
    assert.match(a.page.text, /Only U.S. citizens can register/);

    // Under 18 is decided on the name step, from the date of birth and the state's rule
    // (test/unit/server/voter/under-18.test.ts): the eligibility step lets them on.
    const young = new VoterSession(t.app);
    await young.start();
    const next = await young.post('eligibility', { ...californiaVoter.eligibility, eighteenByElectionDay: 'no' });
    assert.equal(next.headers.location, `/r/${young.token}/name`);

    const nd = await stopPage({ zip: '58501' });
    assert.match(nd.page.text, /does not use this form/);
    assert.match(nd.page.text, /Bismarck/);
    // None of them can reach the next step; the registration stays unsubmitted.
    assert.equal((await nd.session.get('name')).status, 303);
    assert.equal((await t.ctx.registrations.service.findByResumeToken(nd.session.token))!.status, 'in_progress');
  });

  it('gives a too-young date of birth on the name step the pre-registration help the eligibility step gives', async () => {
    const year = String(new Date(t.ctx.clock.now()).getUTCFullYear() - 15);
    for (const [lang, rule] of [
      [
        'en',
        'In California you can pre-register from age 16; you can vote once you are 18. Contact the state election office to find out how.',
      ],
      [
        'es',
        'En California puede preinscribirse desde los 16 años; podrá votar cuando cumpla 18. Comuníquese con la oficina electoral del estado para saber cómo.',
      ],
    ] as const) {
      const s = new VoterSession(t.app);
      await s.start(lang);
      await s.complete('eligibility', californiaVoter.eligibility, 'name');
      const res = await s.post('name', { ...californiaVoter.name, 'dateOfBirth.year': year });
      assert.equal(res.status, 422);
      assert.match(res.text, /id="dateOfBirth-error"/);
      const help = /<div class="[^"]*rc-under18" id="dateOfBirth-under18">([\s\S]*?)<\/div>\s*<\/div>/.exec(res.text)?.[1] ?? '';
      assert.ok(help.replace(/\s+/g, ' ').includes(rule), help);
      assert.match(help, /\(916\) 657-2166|election office: |oficina electoral de California/);
      assert.match(res.text, /aria-describedby="dateOfBirth-hint dateOfBirth-error dateOfBirth-under18"/);
    }
    // Another problem with the date gets no such help.
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const res = await s.post('name', { ...californiaVoter.name, 'dateOfBirth.day': '31', 'dateOfBirth.month': '2' });
    assert.equal(res.status, 422);
    assert.doesNotMatch(res.text, /dateOfBirth-under18/);
  });

  it('keeps what the voter typed when they switch language on a step, and returns to review after a Change', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const switched = await s.post('name', { firstName: 'Typed', lastName: 'Notyetsaved', _lang: 'es' });
    assert.equal(switched.status, 303);
    assert.equal(switched.headers.location, `/r/${s.token}/name?lang=es`);
    const es = await s.get('name');
    assert.match(es.text, /<html lang="es">/);
    assert.match(es.text, /value="Typed"/);
    assert.match(es.text, /value="Notyetsaved"/);
    await s.complete('name', californiaVoter.name, 'addresses');
    for (const [step, next] of [
      ['addresses', 'id'],
      ['id', 'party'],
      ['party', 'review'],
    ] as const)
      await s.complete(step, californiaVoter[step], next);
    const change = await s.get('name', '?from=review');
    assert.match(change.text, /action="\/r\/[^"]+\/name\?from=review"/);
    const page = await s.get('name');
    const res = await request(t.app)
      .post(`/r/${s.token}/name?from=review`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...californiaVoter.name, firstName: 'Anita' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/r/${s.token}/review`);
  });

  it("Enter in a field submits the step, not the header's language switch: the form's first submit button is a plain Continue", async () => {
    const s = new VoterSession(t.app);
    await s.start();
    for (const step of ['eligibility', 'name'] as const) {
      const page = await s.get(step);
      // A browser's implicit submission presses the first submit button in document order whose
      // form is the step's form: inside it, or elsewhere with form="step-form" (the header's switch).
      const buttons = [...page.text.matchAll(/<button\b[^>]*>/g)].map((m) => m[0]).filter((b) => /type="submit"/.test(b));
      const first = buttons.find((b) => /form="step-form"/.test(b)) ?? '';
      assert.ok(
        buttons.indexOf(first) < buttons.findIndex((b) => /name="_lang"/.test(b)),
        `${step}: the default button comes before the language switch`,
      );
      assert.doesNotMatch(first, /name=|formnovalidate|formaction/, `${step}: the default button is a plain submit (${first})`);
      assert.match(first, /tabindex="-1" aria-hidden="true"/, `${step}: out of the tab order, hidden from screen readers`);
      await s.complete(step, californiaVoter[step], step === 'eligibility' ? 'name' : 'addresses');
    }
  });

  it('keeps a mailing address the voter typed even if they forgot to tick its box', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    await s.complete(
      'addresses',
      {
        ...californiaVoter.addresses,
        'mailingAddress.street': 'PO Box 12',
        'mailingAddress.city': 'Sacramento',
        'mailingAddress.state': 'CA',
        'mailingAddress.zip': '95812',
      },
      'id',
    );
    const row = await t.ctx.registrations.service.findByResumeToken(s.token);
    assert.equal(JSON.parse(row!.answers).mailingAddress.street, 'PO Box 12');
  });

  it('the ID step: a language switch keeps the chosen identifier and its number, and no choice is never "none"', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    for (const [step, next] of [
      ['eligibility', 'name'],
      ['name', 'addresses'],
      ['addresses', 'id'],
    ] as const)
      await s.complete(step, californiaVoter[step], next);
    const stored = async () => {
      const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
      return [JSON.parse(row.answers).idType, t.ctx.registrations.service.idNumberOf(row)];
    };
    assert.equal((await s.post('id', { stateIdNumber: 'D1', _lang: 'es' })).status, 303);
    assert.deepEqual(await stored(), [undefined, undefined], 'typing without choosing saves no answer');
    assert.equal((await s.post('id', { idType: 'ssn_last4', ssnLast4: '67', _lang: 'en' })).status, 303);
    assert.deepEqual(await stored(), ['ssn_last4', '67'], 'the draft, unchecked');
    const page = await s.get('id');
    assert.match(page.text, /value="ssn_last4" checked/);
    assert.match(page.text, /name="ssnLast4" type="text" value="67"/);
    // The old form's tick box still means none; an old single box is read like the API reads it.
    await s.complete('id', { noId: 'yes' }, 'party');
    assert.deepEqual(await stored(), ['none', 'NONE']);
    await s.complete('id', { idNumber: '6789' }, 'party');
    assert.deepEqual(await stored(), ['ssn_last4', '6789']);
  });

  it("offers the state's online registration first, without forcing it", async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const page = await s.get('name');
    assert.match(page.text, /California lets you register online/);
    assert.match(page.text, new RegExp(`href="/r/${s.token}/online"`), 'through Rollcall, which records it');
    assert.match(page.text, /<form/);
  });

  it('submits once, even when the voter double-clicks', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const order = ['eligibility', 'name', 'addresses', 'id', 'party'] as const;
    for (let i = 0; i < order.length; i++) await s.complete(order[i]!, californiaVoter[order[i]!], [...order, 'review'][i + 1]!);
    const page = await s.get('review');
    const csrf = csrfOf(page.text);
    // Render jobs only: the submit also cancels the follow-up mail (its queued job goes).
    const renders = async () => Number((await t.ctx.db('jobs').where({ kind: 'render_pdf' }).count({ n: '*' }).first())!.n);
    const before = await renders();
    const [r1, r2] = await Promise.all(
      [0, 1].map(() => request(t.app).post(`/r/${s.token}/review`).type('form').send({ _csrf: csrf, attest: 'yes' })),
    );
    assert.equal(r1!.status, 303);
    assert.equal(r2!.status, 303);
    assert.equal(await renders(), before + 1);
  });

  it('shows the ID rule of the state, and the review page lists every answer with a Change link', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    for (const [step, next] of [
      ['eligibility', 'name'],
      ['name', 'addresses'],
      ['addresses', 'id'],
    ] as const)
      await s.complete(step, californiaVoter[step], next);
    const idPage = await s.get('id');
    assert.match(idPage.text, /California/);
    const bad = await s.post('id', { idType: 'ssn_last4', ssnLast4: '12', stateIdNumber: 'D1234567' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Enter the last four digits of your Social Security number: 4 digits/);
    assert.match(bad.text, /value="D1234567"/, 'what was typed in the other field is kept');
    await s.complete('id', californiaVoter.id, 'party');
    await s.complete('party', californiaVoter.party, 'review');
    const review = await s.get('review');
    for (const text of ['Ana', 'Núñez', '1500 11th Street', 'D1234567', 'Hispanic or Latino']) assert.ok(review.text.includes(text), text);
    assert.equal((review.text.match(/>Change</g) ?? []).length, 5);
  });
});

describe('voter flow while storage is below quorum', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp({ storageOptions: { callDeadlineMs: 1000 } });
  });
  after(() => t.close());

  it('still hands the voter their PDF, rendered from the database, while the job waits to retry', async () => {
    for (const f of t.faults) f.fail('EIO');
    await t.ctx.storage.probeNow();
    assert.equal(t.ctx.storage.health().hasWriteQuorum, false);
    const s = new VoterSession(t.app);
    await s.start();
    await registerCaliforniaVoter(s);
    await t.ctx.jobs.runner.drain();
    const job = await t.ctx.db('jobs').first();
    assert.equal(job.status, 'queued', 'the render job is waiting to retry');
    assert.equal(job.attempts, 1);
    assert.match(job.last_error, /quorum|unavailable/i);
    const done = await s.get('done');
    const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})"/.exec(done.text)?.[1];
    assert.ok(pdfPath, 'the voter gets a link at once');
    const pdf = await request(t.app).get(pdfPath).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['x-rollcall-pdf-source'], 'render');
    // Storage comes back: the retried job stores the very same bytes.
    for (const f of t.faults) f.clear();
    await t.ctx.storage.probeNow();
    (t.clock as FakeClock).advance(60_000);
    await t.ctx.jobs.runner.drain();
    const row = await t.ctx.db('registrations').where({ status: 'pdf_ready' }).first();
    assert.ok(row, 'the registration got its stored PDF');
    const stored = await t.ctx.registrations.pdfs.bytesFor(row);
    assert.equal(stored.from, 'storage');
    assert.ok(stored.bytes.equals(pdf.body), 'the PDF served during the outage is byte-identical to the stored one');
  });
});
