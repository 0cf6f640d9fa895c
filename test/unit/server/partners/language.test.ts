// The partner portal in Spanish: ?lang=es switches (and a cookie remembers it), html lang follows,
// the texts the routes produce (errors, chart words) come in the chosen language; English stays default.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { partnerWithUser, type PartnerUser } from '../../../support/partners.js';

describe('partner portal language', () => {
  let t: TestApp;
  let a: PartnerUser;
  before(async () => {
    t = await makeTestApp();
    a = await partnerWithUser(t, 'Club A', 'a@club.example');
  });
  after(() => t.close());

  it('is English by default, with a link to Spanish that keeps the page and its query', async () => {
    const res = await a.agent.get('/partner?from=2026-09-01&to=2026-09-30');
    assert.match(res.text, /<html lang="en">/);
    assert.match(res.text, /Started \(outlined\)/);
    assert.match(
      res.text,
      /<a class="rc-admin-lang" href="\/partner\?from=2026-09-01&amp;to=2026-09-30&amp;lang=es" lang="es" hreflang="es">Español<\/a>/,
    );
  });

  it('switches to Spanish with ?lang=es and remembers it in a cookie until switched back', async () => {
    const switched = await a.agent.get('/partner?lang=es');
    assert.match(String(switched.headers['set-cookie']), /rc_partner_lang=es;.*HttpOnly/);
    assert.match(switched.text, /<html lang="es">/);
    assert.match(switched.text, /Iniciadas \(contorno\)/);
    const later = await a.agent.get('/partner?from=2026-10-05&to=2026-10-01');
    assert.match(later.text, /<html lang="es">/);
    assert.match(later.text, /La fecha final es anterior a la inicial/);
    const keys = await a.agent.get('/partner/keys');
    const bad = await a.agent
      .post('/partner/keys')
      .type('form')
      .send({ _csrf: csrfOf(keys.text), name: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Dé un nombre a la clave/);
    const widget = await a.agent.get('/partner/widget');
    const badOrigin = await a.agent
      .post('/partner/widget')
      .type('form')
      .send({ _csrf: csrfOf(widget.text), origins: 'not a site' });
    assert.match(badOrigin.text, /No es la dirección de un sitio: not, a, site/);
    const back = await a.agent.get('/partner/keys?lang=en');
    assert.match(back.text, /<html lang="en">/);
    assert.match((await a.agent.get('/partner')).text, /<html lang="en">/);
  });

  it('shows the sign-in page in Spanish, and ignores a language it does not have', async () => {
    const es = await request(t.app).get('/partner/login?lang=es');
    assert.match(es.text, /<html lang="es">/);
    assert.match(es.text, /Inicie sesión en el portal de socios/);
    const wrong = await request(t.app).get('/partner/login').set('Cookie', 'rc_partner_lang=fr');
    assert.match(wrong.text, /<html lang="en">/);
    assert.equal((await request(t.app).get('/partner/login?lang=fr')).headers['set-cookie'], undefined);
  });
});
