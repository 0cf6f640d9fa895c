// The widget and the partner's link: framing allowed only for the partner's origins, attribution
// and utm_* kept with the registration, events reported to the host page, partner text escaped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { parseOrigin } from '../../../../server/partners/framing.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';
import { completeFromLink, startFromLink } from '../../../support/partners.js';

const csp = (res: request.Response): string => String(res.headers['content-security-policy'] ?? '');
const frameAncestors = (res: request.Response): string => /frame-ancestors ([^;]*)/.exec(csp(res))?.[1] ?? '';

describe('widget and partner links', () => {
  let t: TestApp;
  let partnerId: string;
  let otherId: string;
  before(async () => {
    t = await makeTestApp();
    partnerId = (await t.ctx.partners.store.create('Vote <b>Club</b> & "Friends"', 'web@club.example')).partner.id;
    await t.ctx.partners.store.setOrigins(partnerId, ['https://club.example', 'http://127.0.0.1:8123']);
    otherId = (await t.ctx.partners.store.create('Other', null)).partner.id;
    await t.ctx.partners.store.setOrigins(otherId, ['https://other.example']);
  });
  after(() => t.close());

  it('serves /widget.js as cacheable plain JavaScript loadable from any site', async () => {
    const res = await request(t.app).get('/widget.js');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.ok(res.text.length < 8000, `widget.js is ${res.text.length} bytes`);
    const again = await request(t.app).get('/widget.js').set('If-None-Match', String(res.headers.etag));
    assert.equal(again.status, 304);
  });

  it('lets only the partner origins frame its flow; the plain flow may not be framed at all', async () => {
    const plain = await request(t.app).get('/');
    assert.equal(frameAncestors(plain), "'none'");
    assert.equal(plain.headers['x-frame-options'], 'DENY');
    const framed = await request(t.app).get(`/?partner=${partnerId}`);
    assert.equal(frameAncestors(framed), 'https://club.example http://127.0.0.1:8123');
    assert.equal(framed.headers['x-frame-options'], undefined);
    assert.doesNotMatch(frameAncestors(framed), /other\.example/);
    // The rest of the policy is untouched.
    assert.match(csp(framed), /default-src 'none'/);
    assert.match(csp(framed), /script-src 'self'/);
    // A partner that does not exist, or is disabled, gets the plain flow.
    const unknown = await request(t.app).get('/?partner=nope');
    assert.equal(frameAncestors(unknown), "'none'");
    await t.ctx.db('partners').where({ id: otherId }).update({ status: 'disabled' });
    const disabled = await request(t.app).get(`/?partner=${otherId}`);
    assert.equal(frameAncestors(disabled), "'none'");
    assert.doesNotMatch(disabled.text, /Offered by/);
    await t.ctx.db('partners').where({ id: otherId }).update({ status: 'active' });
  });

  it('escapes the partner name', async () => {
    const res = await request(t.app).get(`/?partner=${partnerId}`);
    assert.match(res.text, /Offered by Vote &lt;b&gt;Club&lt;\/b&gt; &amp; &quot;Friends&quot;/);
    assert.doesNotMatch(res.text, /<b>Club/);
  });

  it('keeps partner, source, tracking and utm_* with the registration, pre-fills ZIP and email, and frames every step', async () => {
    const s = await startFromLink(
      t,
      `partner=${partnerId}&source=homepage&tracking=fall-drive&utm_source=news&utm_campaign=gotv%3Cx%3E&zip=95814&email=ana%40example.org&utm_bogus=1`,
    );
    const row = await t.ctx.db('registrations').orderBy('id', 'desc').first();
    assert.equal(row.partner_id, partnerId);
    assert.equal(row.source, 'homepage');
    assert.equal(row.tracking, 'fall-drive');
    assert.deepEqual(JSON.parse(row.utm), { utm_source: 'news', utm_campaign: 'gotv<x>' });
    const eligibility = await s.get('eligibility');
    assert.match(eligibility.text, /name="zip"[^>]*value="95814"|value="95814"[^>]*name="zip"/);
    assert.match(eligibility.text, /value="ana@example.org"/);
    assert.match(
      eligibility.text,
      /src="\/assets\/frame.js" data-origins="https:\/\/club.example http:\/\/127.0.0.1:8123" data-event="started"/,
    );
    assert.equal(frameAncestors(eligibility), 'https://club.example http://127.0.0.1:8123');
    await registerCaliforniaVoter(s);
    const done = await s.get('done');
    assert.match(done.text, /data-event="completed"/);
    assert.equal(frameAncestors(done), 'https://club.example http://127.0.0.1:8123');
  });

  it('on ?resume=<token> (widget.js after a reload) resumes only a registration of this partner still in progress', async () => {
    const s = await startFromLink(t, `partner=${partnerId}`);
    const resumed = await request(t.app).get(`/?partner=${partnerId}&lang=es&resume=${s.token}`);
    assert.equal(resumed.status, 303);
    assert.equal(resumed.headers.location, `/r/${s.token}`);
    // The frame script hands the resume path to widget.js on the pages of a registration in progress.
    assert.match((await s.get('eligibility')).text, new RegExp(`data-resume="/r/${s.token}"`));
    const stays = async (query: string, why: string) => {
      const res = await request(t.app).get(`/?${query}`);
      assert.equal(res.status, 200, why);
      assert.match(res.text, /action="\/register"/, `${why}: the start page`);
      if (query.includes(partnerId)) assert.match(res.text, /data-resume=""/, `${why}: widget.js is told to forget`);
    };
    await stays(`partner=${otherId}&resume=${s.token}`, "another partner's page");
    await stays(`resume=${s.token}`, 'no partner');
    await stays(`partner=${partnerId}&resume=${'A'.repeat(43)}`, 'an unknown token');
    await stays(`partner=${partnerId}&resume=${s.token}x`, 'a malformed token');
    await stays(`partner=${partnerId}&resume=${encodeURIComponent('https://evil.example/')}`, 'a URL');
    await registerCaliforniaVoter(s);
    await stays(`partner=${partnerId}&resume=${s.token}`, 'a finished registration');
    assert.match((await s.get('done')).text, /data-resume=""/, 'the done page makes widget.js forget');
  });

  it("in a partner's flow the PDF opens in a new tab, saying so, and the PDF itself may not be framed by anyone", async () => {
    const s = await completeFromLink(t, `partner=${partnerId}`);
    await t.ctx.jobs.runner.drain();
    for (const lang of ['en', 'es'] as const) {
      const done = await s.get('done', `?lang=${lang}`);
      const link = /<a [^>]*id="download-pdf"[^>]*>(.*?)<\/a>/s.exec(done.text);
      assert.ok(link, 'the download link');
      assert.match(link[0], /target="_blank" rel="noopener"/);
      assert.match(link[1]!, lang === 'en' ? /\(opens in a new tab\)/ : /\(se abre en una pestaña nueva\)/);
      const pdf = await request(t.app)
        .get(/href="(\/pdf\/[^"]+)"/.exec(link[0])![1]!)
        .buffer(true);
      assert.equal(pdf.status, 200);
      assert.equal(frameAncestors(pdf), "'none'");
      assert.equal(pdf.headers['x-frame-options'], 'DENY');
    }
    // Outside a partner's flow the link opens in place, as before.
    const plain = new VoterSession(t.app);
    await plain.start();
    await registerCaliforniaVoter(plain);
    await t.ctx.jobs.runner.drain();
    assert.doesNotMatch((await plain.get('done')).text, /target="_blank"/);
  });

  it('keeps the partner across the language switch of the start page', async () => {
    const res = await request(t.app).get(`/?partner=${partnerId}&source=x&utm_medium=email`);
    const href = /class="rc-lang" href="([^"]+)"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href);
    const params = new URL(href, 'http://x').searchParams;
    assert.equal(params.get('partner'), partnerId);
    assert.equal(params.get('source'), 'x');
    assert.equal(params.get('utm_medium'), 'email');
    assert.equal(params.get('lang'), 'es');
  });

  it('a registration without a partner has no frame script and no partner origins', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const page = await s.get('name');
    assert.doesNotMatch(page.text, /frame\.js/);
    assert.equal(frameAncestors(page), "'none'");
  });

  it('the posted partner id decides attribution only when that partner is active', async () => {
    const home = await request(t.app).get('/');
    const res = await request(t.app)
      .post('/register')
      .type('form')
      .send({ _csrf: csrfOf(home.text), lang: 'en', partner: 'no-such-partner' });
    assert.equal(res.status, 303);
    const row = await t.ctx.db('registrations').orderBy('id', 'desc').first();
    assert.equal(row.partner_id, null);
  });
});

describe('parseOrigin', () => {
  it('accepts bare https origins and http on loopback only', () => {
    assert.equal(parseOrigin('https://Club.Example'), 'https://club.example');
    assert.equal(parseOrigin('https://club.example:8443/'), 'https://club.example:8443');
    assert.equal(parseOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    for (const bad of [
      'http://club.example',
      'https://club.example/page',
      "https://x.example'; script-src *",
      'javascript:alert(1)',
      '*',
      'https://a@b.example',
      'https://x.example?q=1',
      '',
    ]) {
      assert.equal(parseOrigin(bad), null, bad);
    }
  });
});
