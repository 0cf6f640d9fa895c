// The end page shows the voter's resume link, whole, to copy (a read-only field without
// JavaScript; copy-link.js adds the button and the "copied" announcement), and says how to come
// back; prominently when we will not email the voter. The link works: it leads back to their page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { finishAsCaliforniaVoter, registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';
import { startFromLink, unescapeHtml } from '../../../support/partners.js';

const resumeLinkOf = (html: string) => unescapeHtml(/<textarea[^>]*id="resume-link"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '');

describe('the resume link on the end page', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it("shows the voter's own link, read-only, and following it leads back to their page", async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await registerCaliforniaVoter(s);
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    assert.equal(done.status, 200);
    const link = resumeLinkOf(done.text);
    assert.equal(link, `http://rollcall.test/r/${s.token}`);
    assert.match(done.text, /<textarea[^>]*id="resume-link"[^>]*readonly/);
    assert.match(done.text, /Come back later/);
    assert.doesNotMatch(done.text, /we will not email you/);
    // The copy button waits for the script (hidden without it); the live region is on the page.
    assert.match(done.text, /<button[^>]*data-copy="resume-link"[^>]*hidden>Copy the link<\/button>/);
    assert.match(done.text, /id="resume-link-status" role="status" aria-live="polite"/);
    assert.match(done.text, /<script src="\/assets\/copy-link.js" defer><\/script>/);
    // Following the link (as a voter would, days later) gives them their page with a fresh PDF link.
    const followed = await request(t.app).get(new URL(link).pathname);
    assert.equal(followed.status, 303);
    assert.equal(followed.headers.location, `/r/${s.token}/done`);
    const page = await request(t.app).get(followed.headers.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="download-pdf"/);
  });

  it('leads a voter who stopped half-way back to the step where they stopped', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    // The link the follow-up mail carries (mail-core builds it from resumeTokenOf).
    const token = t.ctx.registrations.service.resumeTokenOf(row);
    assert.equal(token, s.token);
    const followed = await request(t.app).get(`/r/${token}`);
    assert.equal(followed.status, 303);
    assert.equal(followed.headers.location, `/r/${s.token}/addresses`);
  });

  it('says so prominently when the voter gave no email', async () => {
    const club = (await t.ctx.partners.store.create('Optional Club', null)).partner.id;
    await t.ctx.partners.store.setVoterMailSettings(club, { emailOptional: true, voterMail: true });
    const s = await startFromLink(t, `partner=${club}`);
    await s.complete('eligibility', { ...californiaVoter.eligibility, email: '' }, 'name');
    await finishAsCaliforniaVoter(s, 'name');
    const done = await s.get('done');
    assert.match(done.text, /<section class="rc-resume usa-alert usa-alert--warning"/);
    assert.match(done.text, /Keep this link: we will not email you/);
    assert.match(done.text, /14 days after you started/);
    assert.equal(resumeLinkOf(done.text), `http://rollcall.test/r/${s.token}`);
    const es = await s.get('done', '?lang=es');
    assert.match(es.text, /Guarde este enlace: no le enviaremos correos/);
  });

  it('serves the copy script from this site', async () => {
    const res = await request(t.app).get('/assets/copy-link.js');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.match(res.text, /navigator\.clipboard/);
  });
});
