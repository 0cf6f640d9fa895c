// PDF links and what leaves the server: a link carries 256 random bits and nothing else, is
// stored only as a hash, cannot be listed; no URL the voter is shown or sent to carries an
// answer; and no log line, at debug level, carries an answer or a link's secret.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { VoterSession } from '../../../support/voter-session.js';
import { personalStrings, voterA, voterAnswers } from '../../../support/security/world.js';

const LINKS = 2000;

/** One mistake per step, so each step's error page (with the values kept) is walked too. */
const mistakes = {
  eligibility: { usCitizen: '' },
  name: { 'dateOfBirth.year': '1' },
  addresses: { 'homeAddress.zip': '1' },
  id: { idNumber: '!' },
  party: { party: 'no-such-party' },
};

/** Every URL a page offers: links, form targets, sources, the refresh target. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src|action|content)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

describe('PDF links, URLs and logs', () => {
  let t: TestApp;
  let apiKey: string;
  const logLines: string[] = [];
  /** Every URL the voter was shown or redirected to, with where it came from. */
  const seen: { url: string; from: string }[] = [];
  const secrets: string[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await makeTestApp({ logTo: sink });
    apiKey = (await t.ctx.partners.store.create('Links Org', null)).apiKey;
  });
  after(() => t.close());

  it('mints links of 256 random bits: all distinct, unbiased, not derived from the registration, stored only hashed', async () => {
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    assert.equal(res.status, 201);
    const row = (await t.ctx.registrations.service.store.byUid(res.body.id))!;
    const tokens: string[] = [];
    for (let i = 0; i < LINKS; i++) tokens.push((await t.ctx.registrations.links.mint(row.id)).token);
    assert.equal(new Set(tokens).size, LINKS, 'every link of the same registration differs');
    const ones = new Array<number>(256).fill(0);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, 'base64url, no padding');
      const bytes = Buffer.from(token, 'base64url');
      assert.equal(bytes.length, 32, '256 bits');
      for (let bit = 0; bit < 256; bit++) ones[bit]! += (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    // Each bit position is set in about half of the links (sd ≈ 1.1 % for 2000 links; 6 % is
    // over 5 sd) and the whole is balanced (sd ≈ 0.07 %; 1 % is 14 sd): no fixed or counted bits.
    for (let bit = 0; bit < 256; bit++)
      assert.ok(Math.abs(ones[bit]! / LINKS - 0.5) < 0.06, `bit ${bit} is set in ${ones[bit]} of ${LINKS} links`);
    assert.ok(Math.abs(ones.reduce((a, b) => a + b, 0) / (LINKS * 256) - 0.5) < 0.01);
    const stored = JSON.stringify(await t.ctx.db('download_links').select());
    for (const token of tokens.slice(0, 50)) assert.ok(!stored.includes(token), 'a link is not stored in clear');
    for (const token of tokens.slice(0, 50)) assert.ok(!stored.includes(Buffer.from(token, 'base64url').toString('hex')), 'nor as hex');
  });

  it('lists nothing: no index of PDFs, volumes or data at any path', async () => {
    for (const path of [
      '/pdf',
      '/pdf/',
      '/pdf/pdfs',
      '/pdf/..%2f',
      '/pdfs/',
      '/volumes/',
      '/data/',
      '/assets/',
      '/assets/../data/',
      '/.tmp',
      '/pdf/%2e%2e/%2e%2e/',
    ]) {
      const res = await request(t.app).get(path);
      assert.ok(res.status === 404 || res.status === 400, `${path} answered ${res.status}`);
      assert.ok(!/pdfs\/\d{4}\//.test(res.text), `${path} names a stored key`);
    }
  });

  it('puts no answer in any URL of the voter flow, its redirects or the API, and follows the PDF link', async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    secrets.push(s.token);
    const order = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'] as const;
    for (const step of order) {
      const page = await s.get(step);
      assert.equal(page.status, 200, step);
      for (const url of urlsIn(page.text)) seen.push({ url, from: `${step} page` });
      // the step again with mistakes (values kept on the page): review's mistake is no attestation
      const wrong = await s.post(step, step === 'review' ? {} : { ...voterAnswers[step], ...mistakes[step] });
      assert.notEqual(wrong.status, 303, `${step}: the wrong post was refused`);
      for (const url of urlsIn(wrong.text)) seen.push({ url, from: `${step} with errors` });
      const posted = await s.post(step, voterAnswers[step]);
      assert.equal(posted.status, 303, `${step}: ${posted.status}`);
      seen.push({ url: posted.headers.location!, from: `${step} post` });
    }
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    assert.equal(done.status, 200);
    const urls = urlsIn(done.text);
    for (const url of urls) seen.push({ url, from: 'done page' });
    const pdf = urls.find((u) => u.startsWith('/pdf/'));
    assert.ok(pdf, 'the done page offers the PDF');
    secrets.push(pdf.slice('/pdf/'.length));
    const download = await request(t.app).get(pdf);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');

    const body = apiBody({
      firstName: voterA.firstName,
      lastName: voterA.lastName,
      email: voterA.email,
      homeAddress: { street: voterA.street, city: 'Sacramento', state: 'CA', zip: '95814' },
      idNumber: voterA.idNumber,
    });
    const created = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(body);
    assert.equal(created.status, 201);
    seen.push({ url: created.body.statusUrl, from: 'API statusUrl' });
    await t.ctx.jobs.runner.drain();
    const status = await request(t.app).get(new URL(created.body.statusUrl).pathname).set('Authorization', `Bearer ${apiKey}`);
    assert.equal(status.body.status, 'pdf_ready');
    seen.push({ url: status.body.pdfUrl, from: 'API pdfUrl' });
    secrets.push(new URL(status.body.pdfUrl).pathname.slice('/pdf/'.length));
    assert.equal((await request(t.app).get(new URL(status.body.pdfUrl).pathname)).status, 200);

    assert.ok(seen.length > 20, `walked ${seen.length} URLs`);
    for (const { url, from } of seen) {
      const decoded = decodeURIComponent(url);
      for (const value of personalStrings) assert.ok(!decoded.includes(value), `${from}: ${url} carries "${value}"`);
    }
  });

  it('logs no answer and no link secret, even at debug level', () => {
    assert.ok(logLines.length > 0, 'the app logged something (the capture works)');
    const text = logLines.join('\n');
    for (const value of personalStrings) assert.ok(!text.includes(value), `a log line carries "${value}"`);
    assert.ok(secrets.length >= 3);
    for (const secret of secrets) assert.ok(!text.includes(secret), `a log line carries a link secret (${secret.slice(0, 6)}…)`);
    assert.ok(!text.includes(apiKey), 'a log line carries the API key');
  });
});
