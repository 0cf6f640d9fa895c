// Partner logo: a PNG, JPEG or WebP is stored re-encoded (a fresh PNG within 600×200, metadata
// gone) on every volume, served immutable as image/png with nosniff, shown beside the partner's
// name in its flow (alt = the name, escaped) and previewed in the portal; replaced and removed
// files leave the volumes; another partner can neither replace nor remove it; CSRF holds.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import sharp from 'sharp';
import { binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { images, POLYGLOT_TAIL, storedLogoFiles, uploadLogo } from '../../../support/logo-images.js';
import { partnerWithUser, startFromLink, type PartnerUser } from '../../../support/partners.js';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('partner logo', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    t = await makeTestApp();
    a = await partnerWithUser(t, 'Vote & <Win> "A"', 'a@club.example');
    b = await partnerWithUser(t, 'Club B', 'b@club.example');
  });
  after(() => t.close());

  const rowOf = async (id: string) =>
    (await t.ctx.db('partners').where({ id }).first('logo_key', 'logo_sha256', 'logo_width', 'logo_height')) as {
      logo_key: string | null;
      logo_sha256: string | null;
      logo_width: number | null;
      logo_height: number | null;
    };
  const volumeCount = () => t.ctx.config.storageVolumes.length;

  for (const [format, make, box] of [
    ['PNG', () => images.png(900, 300), { width: 600, height: 200 }],
    ['JPEG', () => images.jpeg(640, 480), { width: 267, height: 200 }],
    ['WebP', () => images.webp(300, 120), { width: 300, height: 120 }],
  ] as const) {
    it(`stores a ${format} re-encoded as a PNG within 600×200 on every volume and serves it`, async () => {
      const upload = await make();
      const res = await uploadLogo(a.agent, {
        bytes: upload,
        filename: `logo.${format.toLowerCase()}`,
        contentType: 'application/octet-stream',
      });
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.location, '/partner/branding?logo=saved');

      const row = await rowOf(a.partner.id);
      assert.match(row.logo_sha256!, /^[0-9a-f]{64}$/);
      assert.equal(row.logo_key, `partner-logos/${a.partner.id}/${row.logo_sha256}.png`);
      assert.deepEqual({ width: Number(row.logo_width), height: Number(row.logo_height) }, box);

      // One file per volume (the previous logo's are gone), each the recorded bytes.
      const files = storedLogoFiles(t);
      assert.equal(files.length, volumeCount(), files.join('\n'));
      for (const f of files) assert.equal(sha(fs.readFileSync(f)), row.logo_sha256);

      const url = `/assets/partner/${a.partner.id}/logo-${row.logo_sha256}.png`;
      const served = await request(t.app).get(url).buffer(true).parse(binaryBody);
      assert.equal(served.status, 200);
      assert.equal(served.headers['content-type'], 'image/png');
      assert.equal(served.headers['x-content-type-options'], 'nosniff');
      assert.match(String(served.headers['cache-control']), /public, max-age=31536000, immutable/);
      const body = served.body as Buffer;
      assert.equal(sha(body), row.logo_sha256);
      assert.notEqual(sha(body), sha(upload), 'the uploaded bytes themselves are never served');
      const meta = await sharp(body).metadata();
      assert.equal(meta.format, 'png');
      assert.deepEqual({ width: meta.width, height: meta.height }, box);
      assert.equal(meta.exif, undefined);
      assert.ok(!body.includes('exif-marker-7f3a'), 'EXIF text survived');
    });
  }

  it('keeps nothing of a PNG+HTML polyglot but the pixels', async () => {
    const polyglot = Buffer.concat([await images.png(200, 100), Buffer.from(POLYGLOT_TAIL)]);
    const res = await uploadLogo(a.agent, { bytes: polyglot, filename: 'logo.png.html', contentType: 'text/html' });
    assert.equal(res.status, 303);
    const row = await rowOf(a.partner.id);
    const served = await t.ctx.storage.get(row.logo_key!, row.logo_sha256!);
    assert.equal((await sharp(served).metadata()).format, 'png');
    for (const bytes of [served, ...storedLogoFiles(t).map((f) => fs.readFileSync(f))]) {
      assert.ok(!bytes.includes('POLYGLOT-TAIL'), 'the HTML tail was stored');
      assert.ok(!bytes.includes('<script'), 'a script tag was stored');
    }
  });

  it('shows the logo beside the partner name on the flow pages and a preview in the portal', async () => {
    const row = await rowOf(a.partner.id);
    const img = `<img class="rc-partner__logo" src="/assets/partner/${a.partner.id}/logo-${row.logo_sha256}.png" alt="Vote &amp; &lt;Win&gt; &quot;A&quot;" width="${row.logo_width}" height="${row.logo_height}">`;
    const start = await request(t.app).get(`/?partner=${a.partner.id}`);
    assert.ok(start.text.includes(img), 'start page');
    assert.ok(start.text.includes(`${img}Offered by`), 'the logo sits beside the name');
    const voter = await startFromLink(t, `partner=${a.partner.id}`);
    const step = await request(t.app).get(`/r/${voter.token}/eligibility`);
    assert.ok(step.text.includes(img), 'eligibility step');
    // Partner B (no logo) shows no image; the plain flow neither.
    assert.doesNotMatch((await request(t.app).get(`/?partner=${b.partner.id}`)).text, /rc-partner__logo/);
    assert.doesNotMatch((await request(t.app).get('/')).text, /rc-partner__logo/);

    const portal = await a.agent.get('/partner/branding');
    assert.match(
      portal.text,
      new RegExp(
        `<img class="rc-logo-preview" id="logo-preview" src="/assets/partner/${a.partner.id}/logo-${row.logo_sha256}.png" alt="Your current logo"`,
      ),
    );
    assert.match(portal.text, /enctype="multipart\/form-data"/);
    assert.match((await a.agent.get('/partner/branding?logo=saved')).text, /Logo saved/);
    assert.match((await a.agent.get('/partner/branding?lang=es')).text, /Su logotipo actual/);
  });

  it('serves a logo it has read before from memory: every volume hung, still 200 with the same bytes', async () => {
    const row = await rowOf(a.partner.id);
    const url = `/assets/partner/${a.partner.id}/logo-${row.logo_sha256}.png`;
    assert.equal((await request(t.app).get(url).buffer(true).parse(binaryBody)).status, 200);
    for (const fault of t.faults) fault.hang();
    try {
      const again = await request(t.app).get(url).buffer(true).parse(binaryBody);
      assert.equal(again.status, 200);
      assert.equal(sha(again.body as Buffer), row.logo_sha256);
    } finally {
      for (const fault of t.faults) fault.clear();
    }
  });

  it('answers 404 for an old or wrong sha, another partner, a disabled partner', async () => {
    const row = await rowOf(a.partner.id);
    const url = (id: string, s: string) => `/assets/partner/${id}/logo-${s}.png`;
    assert.equal((await request(t.app).get(url(a.partner.id, row.logo_sha256!))).status, 200);
    assert.equal((await request(t.app).get(url(a.partner.id, '0'.repeat(64)))).status, 404);
    assert.equal((await request(t.app).get(url(a.partner.id, '..%2F..%2Fetc'))).status, 404);
    assert.equal((await request(t.app).get(url(b.partner.id, row.logo_sha256!))).status, 404);
    assert.equal((await request(t.app).get(url('nope', row.logo_sha256!))).status, 404);
    await t.ctx.db('partners').where({ id: a.partner.id }).update({ status: 'disabled' });
    try {
      assert.equal((await request(t.app).get(url(a.partner.id, row.logo_sha256!))).status, 404);
    } finally {
      await t.ctx.db('partners').where({ id: a.partner.id }).update({ status: 'active' });
    }
  });

  it('lets partner B neither replace nor remove A’s logo', async () => {
    const before = await rowOf(a.partner.id);
    const filesBefore = storedLogoFiles(t);
    // A's token in B's session is refused before anything is read.
    const aToken = csrfOf((await a.agent.get('/partner/branding')).text);
    const forged = await uploadLogo(b.agent, { bytes: await images.png(400, 100) }, aToken);
    assert.equal(forged.status, 403);
    const removeForged = await b.agent.post('/partner/branding/logo/remove').type('form').send({ _csrf: aToken });
    assert.equal(removeForged.status, 403);
    // B's own upload and removal touch B's row and files only.
    assert.equal((await uploadLogo(b.agent, { bytes: await images.png(400, 100) })).status, 303);
    const bRow = await rowOf(b.partner.id);
    assert.ok(bRow.logo_key!.startsWith(`partner-logos/${b.partner.id}/`));
    assert.deepEqual(await rowOf(a.partner.id), before);
    const bPage = await b.agent.get('/partner/branding');
    assert.equal(
      (
        await b.agent
          .post('/partner/branding/logo/remove')
          .type('form')
          .send({ _csrf: csrfOf(bPage.text) })
      ).status,
      303,
    );
    assert.equal((await rowOf(b.partner.id)).logo_key, null);
    assert.deepEqual(await rowOf(a.partner.id), before);
    assert.deepEqual(storedLogoFiles(t), filesBefore);
    assert.equal((await request(t.app).get(`/assets/partner/${a.partner.id}/logo-${before.logo_sha256}.png`)).status, 200);
  });

  it('refuses a missing, forged or late CSRF token with 403 and stores nothing', async () => {
    const before = await rowOf(b.partner.id);
    const png = await images.png(300, 100);
    const none = await b.agent.post('/partner/branding/logo').attach('logo', png, { filename: 'logo.png', contentType: 'image/png' });
    assert.equal(none.status, 403);
    assert.equal((await uploadLogo(b.agent, { bytes: png }, 'forged.token')).status, 403);
    // The token after the file: the file would have to be read before the token is known.
    const token = csrfOf((await b.agent.get('/partner/branding')).text);
    const late = await b.agent
      .post('/partner/branding/logo')
      .attach('logo', png, { filename: 'logo.png', contentType: 'image/png' })
      .field('_csrf', token);
    assert.equal(late.status, 403);
    const urlencoded = await b.agent.post('/partner/branding/logo').type('form').send({ logo: 'x' });
    assert.equal(urlencoded.status, 403);
    // With its token, a form sent without multipart (a page whose enctype was lost) is a bad
    // upload named on the field, not a 403 (busboy would have read the already-parsed body as empty).
    const noMultipart = await b.agent.post('/partner/branding/logo').type('form').send({ _csrf: token, logo: 'x' });
    assert.equal(noMultipart.status, 400);
    assert.match(noMultipart.text, /href="#logo"/);
    assert.equal((await b.agent.post('/partner/branding/logo/remove').type('form').send({})).status, 403);
    // A cross-site post with a valid token is refused too (Sec-Fetch-Site).
    const crossSite = await uploadLogo(b.agent, { bytes: png }, token, { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    assert.deepEqual(await rowOf(b.partner.id), before);
    assert.equal(storedLogoFiles(t).filter((f) => f.includes(b.partner.id)).length, 0);
  });

  it('removes the logo: row cleared, files gone from every volume, the flow shows the name only', async () => {
    const row = await rowOf(a.partner.id);
    const page = await a.agent.get('/partner/branding');
    const res = await a.agent
      .post('/partner/branding/logo/remove')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/partner/branding?logo=removed');
    assert.deepEqual(await rowOf(a.partner.id), { logo_key: null, logo_sha256: null, logo_width: null, logo_height: null });
    assert.deepEqual(storedLogoFiles(t), []);
    assert.equal((await request(t.app).get(`/assets/partner/${a.partner.id}/logo-${row.logo_sha256}.png`)).status, 404);
    const start = await request(t.app).get(`/?partner=${a.partner.id}`);
    assert.doesNotMatch(start.text, /rc-partner__logo/);
    assert.match(start.text, /Offered by Vote &amp; &lt;Win&gt;/);
    assert.match((await a.agent.get('/partner/branding')).text, /id="logo-none"/);
  });

  it('is in the storage catalog, so verify repairs a lost copy', async () => {
    assert.equal((await uploadLogo(a.agent, { bytes: await images.png(300, 100) })).status, 303);
    const row = await rowOf(a.partner.id);
    const [first] = storedLogoFiles(t);
    fs.writeFileSync(first!, 'corrupted');
    const report = await t.ctx.storage.verify(t.ctx.storageHost.catalog, { repair: true });
    assert.ok(report.keys >= 1);
    for (const f of storedLogoFiles(t)) assert.equal(sha(fs.readFileSync(f)), row.logo_sha256);
  });
});
