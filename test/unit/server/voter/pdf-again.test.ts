// The resume link works for RETENTION_DAYS, and the PDF holds the voter's ID number. The end page
// offers the PDF for the first hour after the form was sent; later, only to someone who gives the
// date of birth on the form, five tries per registration per 15 minutes. Before, anyone with the
// resume link (a shared tablet's history) got a fresh PDF link for 14 days, and every visit wrote
// a new link row.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { PDF_ON_END_PAGE_MS } from '../../../../server/voter/done.js';
import { PDF_AGAIN_LIMIT } from '../../../../server/voter/pdf-again.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';

const PDF_LINK = /href="(\/pdf\/[A-Za-z0-9_-]{43})"/;
const dob = {
  'dateOfBirth.month': californiaVoter.name['dateOfBirth.month'],
  'dateOfBirth.day': californiaVoter.name['dateOfBirth.day'],
  'dateOfBirth.year': californiaVoter.name['dateOfBirth.year'],
};

/** The token of the end page's date-of-birth form (the page has other forms). */
function againToken(html: string): string {
  const m = /id="pdf-again"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the end page has the date-of-birth form');
  return m[1]!;
}

describe('the PDF on the end page, later', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('is offered for an hour, then only for the date of birth, with few tries', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await registerCaliforniaVoter(s);
    await t.ctx.jobs.runner.drain();
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    const linkRows = async () =>
      Number(((await t.ctx.db('download_links').where({ registration_id: row.id }).count({ n: '*' })) as Array<{ n: number }>)[0]!.n);

    // Within the hour: the link, and opening the page again does not mint another row.
    const first = await s.get('done');
    assert.match(first.text, PDF_LINK);
    await s.get('done');
    await s.get('done');
    assert.equal(await linkRows(), 1, 'one link row for three visits');
    assert.match(first.headers['cache-control'] ?? '', /no-store/);

    // Past the hour: no link, the date-of-birth form instead.
    (t.clock as FakeClock).advance(PDF_ON_END_PAGE_MS + 1000);
    const later = await s.get('done');
    assert.equal(later.status, 200);
    assert.doesNotMatch(later.text, PDF_LINK, 'no PDF link for whoever holds the resume link');
    assert.match(later.text, /Download your form again/);
    assert.match(later.text, /The emails we send you have a link/);
    const post = (fields: Record<string, string>, token = againToken(later.text)) =>
      request(t.app)
        .post(`/r/${s.token}/pdf-again`)
        .type('form')
        .send({ ...fields, _csrf: token });

    const wrong = await post({ ...dob, 'dateOfBirth.year': '1991' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /Date of birth: this is not the date of birth on your form/);
    assert.match(wrong.text, /href="#dateOfBirth-month"/, 'the error summary links to the field');
    assert.match(wrong.text, /name="dateOfBirth.year"[^>]*value="1991"/, 'what was typed is kept');
    assert.doesNotMatch(wrong.text, PDF_LINK);

    const right = await post(dob);
    assert.equal(right.status, 200);
    const href = PDF_LINK.exec(right.text)?.[1];
    assert.ok(href, 'the date of birth shows the PDF link');
    const pdf = await request(t.app).get(href).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal((pdf.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');

    // Another step's token does not post here.
    assert.equal((await post(dob, t.ctx.http.csrf.issue(row.uid))).status, 403);

    // Five tries in 15 minutes (two used): the sixth is refused, even when right.
    for (let i = 2; i < PDF_AGAIN_LIMIT.max; i++) assert.equal((await post({ ...dob, 'dateOfBirth.day': '1' })).status, 422);
    const refused = await post(dob);
    assert.equal(refused.status, 429);
    assert.match(refused.text, /Too many tries/);
    assert.doesNotMatch(refused.text, PDF_LINK);
    (t.clock as FakeClock).advance(PDF_AGAIN_LIMIT.windowMs);
    assert.equal((await post(dob)).status, 200, 'after the window, the date works again');
  });

  it('asks in Spanish', async () => {
    const s = new VoterSession(t.app);
    await s.start('es');
    await registerCaliforniaVoter(s);
    await t.ctx.jobs.runner.drain();
    (t.clock as FakeClock).advance(PDF_ON_END_PAGE_MS + 1000);
    const later = await s.get('done');
    assert.match(later.text, /Descargue su formulario otra vez/);
    const wrong = await request(t.app)
      .post(`/r/${s.token}/pdf-again`)
      .type('form')
      .send({ ...dob, 'dateOfBirth.month': '12', _csrf: againToken(later.text) });
    assert.match(wrong.text, /no es la fecha de nacimiento de su formulario/);
  });
});
