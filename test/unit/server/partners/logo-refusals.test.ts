// Partner logo: everything that is not a usable PNG, JPEG or WebP is refused with the page again,
// the problem named on the file field and in the error summary, a 4xx (never a 5xx), and nothing
// stored: wrong types whatever their name or Content-Type, a pixel bomb, an oversize file (cut off
// while streaming, also without a Content-Length), empty, truncated and corrupt files, two files,
// malformed multipart bodies, and more files than the per-partner limit.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FakeClock } from '../../../../server/clock.js';
import { LOGO_MAX_BYTES, reencodeLogo, sniffFormat } from '../../../../server/partners/logo-image.js';
import { LOGO_UPLOAD_LIMIT } from '../../../../server/partners/logo-routes.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import {
  HTML_PAGE,
  images,
  pixelBombPng,
  storedLogoFiles,
  SVG_WITH_SCRIPT,
  uploadLogo,
  type FilePart,
} from '../../../support/logo-images.js';
import { partnerWithUser, passSecondFactor, PASSWORD, type PartnerUser } from '../../../support/partners.js';

const MESSAGES = {
  missing: 'Choose a logo file to upload.',
  empty: 'The chosen file is empty.',
  type: 'This file is not a PNG, JPEG or WebP image.',
  corrupt: 'This image could not be read',
  tooLarge: 'The file is larger than 2 MB.',
  tooManyFiles: 'Choose one file only.',
  malformed: 'The upload did not arrive complete.',
  tooManyPixels: 'The image has too many pixels to process.',
  tooSmall: 'The image is smaller than 16 pixels on a side.',
  tooBig: 'The image is wider or taller than 4000 pixels.',
} as const;

describe('partner logo refusals', () => {
  let t: TestApp;
  let a: PartnerUser;
  before(async () => {
    t = await makeTestApp();
    a = await partnerWithUser(t, 'Club A', 'a@club.example');
  });
  after(() => t.close());

  /** The answer is the Branding page with `problem` on the file field and in the summary; nothing stored. */
  async function assertRefused(res: { status: number; text: string }, status: number, problem: keyof typeof MESSAGES) {
    assert.equal(res.status, status, res.text.slice(0, 300));
    assert.match(res.text, /<span class="usa-error-message" id="logo-error">/);
    assert.ok(res.text.includes(MESSAGES[problem].replace(/"/g, '&quot;')), `message for ${problem}`);
    assert.match(res.text, /<a href="#logo">/, 'the error summary links to the field');
    assert.match(res.text, /<title>Error: Branding/);
    assert.match(
      res.text,
      /<input class="rc-file-input" id="logo" name="logo" type="file"[^>]* aria-describedby="logo-hint logo-error" aria-invalid="true">/,
    );
    const row = await t.ctx.db('partners').where({ id: a.partner.id }).first('logo_key');
    assert.equal(row.logo_key, null, 'a logo was recorded');
    assert.deepEqual(storedLogoFiles(t), [], 'a logo was stored');
  }

  const pngBytes = () => images.png(300, 100);
  const cases: Array<[string, () => Promise<FilePart | FilePart[]>, number, keyof typeof MESSAGES]> = [
    ['a GIF', async () => ({ bytes: await images.gif(), filename: 'logo.png', contentType: 'image/png' }), 422, 'type'],
    ['an SVG with a script', async () => ({ bytes: SVG_WITH_SCRIPT, filename: 'logo.svg', contentType: 'image/svg+xml' }), 422, 'type'],
    [
      'an SVG with a script named .png',
      async () => ({ bytes: SVG_WITH_SCRIPT, filename: 'logo.png', contentType: 'image/png' }),
      422,
      'type',
    ],
    ['HTML renamed .png', async () => ({ bytes: HTML_PAGE, filename: 'logo.png', contentType: 'image/png' }), 422, 'type'],
    [
      'plain text',
      async () => ({ bytes: Buffer.from('just some words, not an image\n'), filename: 'logo.txt', contentType: 'text/plain' }),
      422,
      'type',
    ],
    ['an empty file', async () => ({ bytes: Buffer.alloc(0) }), 422, 'empty'],
    ['a truncated PNG', async () => ({ bytes: (await pngBytes()).subarray(0, 200) }), 422, 'corrupt'],
    [
      'a PNG signature over garbage',
      async () => ({ bytes: Buffer.concat([(await pngBytes()).subarray(0, 8), Buffer.alloc(500, 0x41)]) }),
      422,
      'corrupt',
    ],
    [
      'a JPEG signature over a PNG',
      async () => ({ bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), await pngBytes()]) }),
      422,
      'corrupt',
    ],
    ['a WebP header over nothing', async () => ({ bytes: Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1') }), 422, 'corrupt'],
    ['a pixel bomb (30000×30000 PNG)', async () => ({ bytes: await pixelBombPng() }), 422, 'tooManyPixels'],
    ['an image wider than 4000 px', async () => ({ bytes: await images.png(4100, 40) }), 422, 'tooBig'],
    ['an 8×8 image', async () => ({ bytes: await images.png(8, 8) }), 422, 'tooSmall'],
    ['an image over 2 MB', async () => ({ bytes: await images.noisyPng() }), 413, 'tooLarge'],
    ['two files', async () => [{ bytes: await pngBytes() }, { bytes: await pngBytes(), filename: 'second.png' }], 422, 'tooManyFiles'],
    ['a file under another field name', async () => ({ name: 'picture', bytes: await pngBytes() }), 400, 'malformed'],
  ];

  for (const [what, make, status, problem] of cases) {
    it(`refuses ${what} (${status}, ${problem})`, async () => {
      await assertRefused(await uploadLogo(a.agent, await make()), status, problem);
    });
  }

  it('the pixel bomb is small: its dimensions, not its size, refuse it', async () => {
    const bomb = await pixelBombPng();
    assert.ok(bomb.length < 300_000, `${bomb.length} bytes`);
    assert.equal(sniffFormat(bomb), 'png');
    assert.deepEqual(await reencodeLogo(bomb), { ok: false, problem: 'tooManyPixels' });
  });

  it('refuses a form without a file', async () => {
    const token = csrfOf((await a.agent.get('/partner/branding')).text);
    await assertRefused(await a.agent.post('/partner/branding/logo').field('_csrf', token), 422, 'missing');
  });

  /** A multipart body written by hand, with a valid token. */
  async function rawMultipart(body: (token: string) => string, boundary: string) {
    const token = csrfOf((await a.agent.get('/partner/branding')).text);
    return a.agent
      .post('/partner/branding/logo')
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(Buffer.from(body(token), 'latin1'));
  }

  const part = (boundary: string, token: string) => `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`;

  it('refuses a body whose boundary is not the announced one', async () => {
    const res = await rawMultipart(
      (token) =>
        `${part('other', token)}--other\r\nContent-Disposition: form-data; name="logo"; filename="l.png"\r\n\r\nxxxx\r\n--other--\r\n`,
      'announced',
    );
    await assertRefused(res, 400, 'malformed');
  });

  it('refuses a truncated multipart body', async () => {
    const png = (await pngBytes()).toString('latin1');
    const res = await rawMultipart(
      (token) =>
        `${part('b0undary', token)}--b0undary\r\nContent-Disposition: form-data; name="logo"; filename="l.png"\r\nContent-Type: image/png\r\n\r\n${png.slice(0, 100)}`,
      'b0undary',
    );
    await assertRefused(res, 400, 'malformed');
  });

  it('refuses multipart without a boundary', async () => {
    const token = csrfOf((await a.agent.get('/partner/branding')).text);
    const res = await a.agent
      .post(`/partner/branding/logo`)
      .set('Content-Type', 'multipart/form-data')
      .send(Buffer.from(`_csrf=${token}`));
    // Without a boundary the token cannot be read: refused as a forged form.
    assert.equal(res.status, 403);
    assert.deepEqual(storedLogoFiles(t), []);
  });

  it('cuts off an oversize file sent without a Content-Length while it streams', async () => {
    // A raw chunked request (supertest always sends a length): the early Content-Length check
    // cannot help, so busboy's file limit must stop it.
    const { cookie, token } = await rawSession();
    const server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const boundary = 'chunkedb0undary';
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/partner/branding/logo',
            headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, body: text }));
          },
        );
        req.on('error', reject);
        req.write(
          `${part(boundary, token)}--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
        );
        const chunk = Buffer.alloc(64 * 1024, 0x42);
        // Three times the limit, then the closing boundary.
        for (let sent = 0; sent < 3 * LOGO_MAX_BYTES; sent += chunk.length) req.write(chunk);
        req.end(`\r\n--${boundary}--\r\n`);
      });
      await assertRefused({ status, text: body }, 413, 'tooLarge');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('survives a client that goes away in the middle of the file', async () => {
    const { cookie, token } = await rawSession();
    const server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const boundary = 'ab0rtb0undary';
      const png = await pngBytes();
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/partner/branding/logo',
          headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(png.length + 1000) },
        });
        req.on('error', () => resolve());
        req.write(
          `${part(boundary, token)}--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="l.png"\r\nContent-Type: image/png\r\n\r\n`,
        );
        req.write(png.subarray(0, 100), () =>
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 50),
        );
      });
      // The process is still here and answers; nothing was stored.
      assert.equal((await a.agent.get('/partner/branding')).status, 200);
      assert.deepEqual(storedLogoFiles(t), []);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const res = await uploadLogo(a.agent, { bytes: Buffer.alloc(LOGO_MAX_BYTES + 64 * 1024, 0x42) });
    await assertRefused(res, 413, 'tooLarge');
  });

  it('keeps the connection usable for the next request after a refusal', async () => {
    await assertRefused(await uploadLogo(a.agent, { bytes: HTML_PAGE }), 422, 'type');
    assert.equal((await uploadLogo(a.agent, { bytes: await pngBytes() })).status, 303);
    const page = await a.agent.get('/partner/branding');
    assert.equal(
      (
        await a.agent
          .post('/partner/branding/logo/remove')
          .type('form')
          .send({ _csrf: csrfOf(page.text) })
      ).status,
      303,
    );
    assert.deepEqual(storedLogoFiles(t), []);
  });

  it('limits the files decoded per partner: 429 past the limit, nothing stored, another partner unaffected', async () => {
    const c = await partnerWithUser(t, 'Club C', 'c@club.example');
    const d = await partnerWithUser(t, 'Club D', 'd@club.example');
    const token = csrfOf((await c.agent.get('/partner/branding')).text);
    for (let i = 0; i < LOGO_UPLOAD_LIMIT.max; i++)
      assert.equal((await uploadLogo(c.agent, { bytes: Buffer.from(`text ${i}`) }, token)).status, 422);
    const over = await uploadLogo(c.agent, { bytes: await pngBytes() }, token);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers['retry-after']) > 0);
    assert.ok(over.text.includes('You have uploaded many logos in a short time.'));
    assert.equal((await t.ctx.db('partners').where({ id: c.partner.id }).first('logo_key')).logo_key, null);
    assert.equal((await uploadLogo(d.agent, { bytes: await pngBytes() })).status, 303, 'partner D has its own count');
    (t.clock as FakeClock).advance(LOGO_UPLOAD_LIMIT.windowMs);
    assert.equal((await uploadLogo(c.agent, { bytes: await pngBytes() })).status, 303, 'the next window');
    // Leave the volumes as the other tests expect them.
    for (const p of [c, d]) {
      const page = await p.agent.get('/partner/branding');
      assert.equal(
        (
          await p.agent
            .post('/partner/branding/logo/remove')
            .type('form')
            .send({ _csrf: csrfOf(page.text) })
        ).status,
        303,
      );
    }
    assert.deepEqual(storedLogoFiles(t), []);
  });

  /** A second session of partner A's user, as a Cookie header, and its CSRF token. */
  async function rawSession(): Promise<{ cookie: string; token: string }> {
    const agent = request.agent(t.app);
    const login = await agent.get('/partner/login');
    const res = await agent
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: 'a@club.example', password: PASSWORD });
    assert.equal(res.status, 303);
    const done = await passSecondFactor(t, agent, res.headers.location!, 'a@club.example');
    const cookie = ([] as string[])
      .concat(done.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, token: csrfOf((await request(t.app).get('/partner/branding').set('Cookie', cookie)).text) };
  }
});
