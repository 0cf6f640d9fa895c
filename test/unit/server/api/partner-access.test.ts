// What a partner sees through the API (partners/partner-access.ts): the PDF of a registration it
// sent itself, never the PDF of a voter who filled the form in its widget or link (their ID number
// is inside, and the partner's CSV leaves it out on purpose). Before, the API handed the widget
// voter's PDF link to the partner like any other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { completeFromLink } from '../../../support/partners.js';

describe("a partner's view of its voters' forms", () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('gives the PDF link for its own API registrations only, not for its widget voters', async () => {
    const { partner, apiKey } = await t.ctx.partners.store.create('Access Club', null);
    const auth = { Authorization: `Bearer ${apiKey}` };
    const viaApi = await request(t.app).post('/api/v1/registrations').set(auth).send(apiBody());
    assert.equal(viaApi.status, 201);
    const voter = await completeFromLink(t, `partner=${partner.id}`);
    await t.ctx.jobs.runner.drain();
    const widgetRow = (await t.ctx.registrations.service.findByResumeToken(voter.token))!;
    assert.equal(widgetRow.partner_id, partner.id);

    const own = await request(t.app).get(`/api/v1/registrations/${viaApi.body.id}`).set(auth);
    assert.equal(own.body.status, 'pdf_ready');
    assert.match(own.body.pdfUrl, /\/pdf\/[A-Za-z0-9_-]{43}$/);

    const widget = await request(t.app).get(`/api/v1/registrations/${widgetRow.uid}`).set(auth);
    assert.equal(widget.status, 200);
    assert.equal(widget.body.status, 'pdf_ready', 'the partner still sees how it went');
    assert.equal(widget.body.pdfUrl, null, "the widget voter's form is not the partner's to see");
  });
});
