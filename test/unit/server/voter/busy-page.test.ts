// The voter's busy page (server/voter/busy-page.ts) behind the real load shedding (admission.ts):
// one request holds the only slot, the next is shed. A GET gets a page that refreshes itself after
// Retry-After; a POST gets its fields back as hidden inputs in a form to the same address (a
// refresh would drop them) and no refresh; in a partner's flow the page may be framed by the
// partner's origins; other areas keep the generic 503.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { admission } from '../../../../server/http/admission.js';
import { createViews } from '../../../../server/http/views.js';
import { busyPage } from '../../../../server/voter/busy-page.js';
import type { Partner } from '../../../../server/partners/partner-records.js';
import type { RegistrationRow } from '../../../../server/registrations/registration-records.js';

const TOKEN = 'a'.repeat(43);
const partner = { id: 'p1', name: 'Vote Org', status: 'active', allowed_origins: '["https://partner.example"]' } as unknown as Partner;

/** An app whose one request slot is held until `release()`; its next request is shed. */
function busyApp() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  // As app.ts: nothing may frame a page unless it names its partner's origins.
  app.use(helmet({ contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } }, xFrameOptions: { action: 'deny' } }));
  app.use(express.urlencoded({ extended: false }));
  app.use(admission({ maxInFlight: 1, retryAfterSeconds: 2 }));
  app.use(
    busyPage(
      {
        registrations: {
          findByResumeToken: async (token) => (token === TOKEN ? ({ lang: 'es', partner_id: 'p1' } as RegistrationRow) : undefined),
        },
        partners: { activeById: async (id) => (id === 'p1' ? partner : undefined) },
      },
      createViews(),
    ),
  );
  app.use('/hold', async (_req, res) => {
    await held;
    res.send('done');
  });
  app.use(((err, _req, res, _next) => res.status(err.status ?? 500).send(`generic ${err.status}`)) as express.ErrorRequestHandler);
  return { app, release };
}

/** Runs `shed` while a request holds the only slot. */
async function whileBusy(shed: (app: express.Express) => Promise<request.Response>): Promise<request.Response> {
  const { app, release } = busyApp();
  const server = app.listen(0);
  try {
    const holding = request(server).get('/hold');
    const done = holding.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the held request is in
    const res = await shed(server as unknown as express.Express);
    release();
    assert.equal((await done).text, 'done');
    return res;
  } finally {
    server.close();
  }
}

const hiddenInputs = (html: string) => [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);

describe('the busy page', () => {
  it('answers a GET 503 with Retry-After and a page that refreshes itself, in the voter language, framed by the partner', async () => {
    const res = await whileBusy((app) => request(app).get(`/r/${TOKEN}/name`).set('Accept', 'text/html'));
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.match(res.text, /<meta http-equiv="refresh" content="2">/);
    assert.match(res.text, /<html lang="es">/);
    assert.match(res.text, /Mucha gente se está inscribiendo/);
    assert.match(res.headers['content-security-policy'] ?? '', /frame-ancestors https:\/\/partner\.example/);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('keeps a POSTed step: every field as a hidden input in a form to the same address, and no refresh', async () => {
    const res = await whileBusy((app) =>
      request(app)
        .post(`/r/${TOKEN}/name?from=review`)
        .set('Accept', 'text/html')
        .type('form')
        .send('_csrf=tok.mac&firstName=Mar%C3%ADa&lastName=%22Garc%C3%ADa%22+%3Cb%3E&suffix=&firstName=twice'),
    );
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.text, /http-equiv="refresh"/);
    assert.match(res.text, new RegExp(`<form method="post" action="/r/${TOKEN}/name\\?from=review"`));
    assert.deepEqual(hiddenInputs(res.text), [
      ['_csrf', 'tok.mac'],
      ['firstName', 'María'],
      ['firstName', 'twice'],
      ['lastName', '&quot;García&quot; &lt;b&gt;'],
      ['suffix', ''],
    ]);
    assert.match(res.text, /Intentar de nuevo/);
  });

  it('keeps the start form, in the language it names', async () => {
    const res = await whileBusy((app) =>
      request(app).post('/register').set('Accept', 'text/html').type('form').send({ _csrf: 't', lang: 'en', partner: 'p1', zip: '95814' }),
    );
    assert.equal(res.status, 503);
    assert.match(res.text, /<html lang="en">/);
    assert.match(res.text, /Many people are registering right now/);
    assert.deepEqual(hiddenInputs(res.text), [
      ['_csrf', 't'],
      ['lang', 'en'],
      ['partner', 'p1'],
      ['zip', '95814'],
    ]);
  });

  it('leaves other areas and JSON clients to the generic 503 (no fields written into a page)', async () => {
    const admin = await whileBusy((app) =>
      request(app).post('/admin/login').set('Accept', 'text/html').type('form').send({ password: 'secret' }),
    );
    assert.equal(admin.text, 'generic 503');
    assert.match(admin.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    const api = await whileBusy((app) => request(app).get(`/r/${TOKEN}/name`).set('Accept', 'application/json'));
    assert.equal(api.text, 'generic 503');
  });
});
