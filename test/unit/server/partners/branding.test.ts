// Branding: colours checked for WCAG AA, only ever #rrggbb in the stylesheet; intro text per
// language, escaped; another partner's branding untouched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { brandingCss, colourProblem, contrastRatio } from '../../../../server/partners/branding.js';
import { type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

describe('branding', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
  });
  after(() => t.close());

  it('computes WCAG contrast', () => {
    assert.equal(contrastRatio('#000000', '#ffffff').toFixed(0), '21');
    assert.equal(colourProblem('#1a4480'), null);
    assert.match(colourProblem('#ffcc00')!, /contrast 1\.\d+:1/);
    assert.match(colourProblem('red;}body{x')!, /#rrggbb/);
    assert.equal(brandingCss({ brand_primary: 'red}*{x', brand_secondary: null }), '\n');
  });

  it('saves colours that pass, refuses ones that fail, and serves them to the flow', async () => {
    const page = await a.agent.get('/partner/branding');
    const bad = await a.agent
      .post('/partner/branding')
      .type('form')
      .send({ _csrf: csrfOf(page.text), primary: '#ffff00', secondary: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /WCAG AA needs at least 4\.5:1/);
    const ok = await a.agent
      .post('/partner/branding')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        primary: '#1A4480',
        secondary: '#162e51',
        intro_en: 'Hi <script>alert(1)</script>',
        intro_es: 'Hola & "bienvenida"',
      });
    assert.equal(ok.status, 200);
    const css = await request(t.app).get(`/assets/partner/${a.partner.id}.css`);
    assert.equal(css.status, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(css.text, /\.rc-header\{background-color:#1a4480\}/);
    const other = await request(t.app).get(`/assets/partner/${b.partner.id}.css`);
    assert.doesNotMatch(other.text, /#1a4480/);
    assert.equal((await request(t.app).get('/assets/partner/nope.css')).status, 404);

    const start = await request(t.app).get(`/?partner=${a.partner.id}`);
    assert.match(start.text, new RegExp(`<link rel="stylesheet" href="/assets/partner/${a.partner.id}.css">`));
    assert.match(start.text, /<p class="rc-partner-intro" id="rc-partner-intro">Hi &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    const es = await request(t.app).get(`/?partner=${a.partner.id}&lang=es`);
    assert.match(es.text, /Hola &amp; &quot;bienvenida&quot;/);
    const plain = await request(t.app).get(`/?partner=${b.partner.id}`);
    assert.doesNotMatch(plain.text, /rc-partner-intro/);
    assert.equal((await request(t.app).get('/partner/branding')).status, 303);
  });
});
