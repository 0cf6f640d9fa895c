// The Maildir parser (test/support/maildir.ts) on messages nodemailer builds, as our mailer does:
// every encoding it may choose, so a test reading real mail never passes on a half-decoded part.
// No MTA needed; runs with the mail suite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { decodeEncodedWords, linksIn, parseMessage, waitForMail } from '../../support/maildir.js';

async function build(options: Mail.Options): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({ from: 'Rollcall <no-reply@rollcall.test>', to: 'ana@voters.test', ...options });
  return info.message as Buffer;
}

const LONG = `Hola Ana: ${'ñandú '.repeat(40)}\nhttps://rollcall.test/m/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde\n`;

describe('Maildir parser', () => {
  test('multipart/alternative, quoted-printable (long lines, accents, soft breaks)', async () => {
    const m = parseMessage(
      await build({
        subject: 'Tu formulario está listo — ¡gracias!',
        text: LONG,
        html: `<p>${LONG}</p>`,
        headers: { 'List-Unsubscribe': '<https://rollcall.test/m/x/stop>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      }),
    );
    assert.equal(m.subject, 'Tu formulario está listo — ¡gracias!');
    assert.equal(m.header('List-Unsubscribe'), '<https://rollcall.test/m/x/stop>');
    assert.equal(m.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.deepEqual(
      m.parts.map((p) => p.type),
      ['text/plain', 'text/html'],
    );
    assert.equal(m.text, LONG.replace(/\n/g, '\r\n'));
    assert.equal(m.html, `<p>${LONG}</p>`.replace(/\n/g, '\r\n'));
    assert.deepEqual(linksIn(m.text!), ['https://rollcall.test/m/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde']);
  });

  test('base64 parts, and alternative inside mixed (an attachment)', async () => {
    const m = parseMessage(
      await build({
        subject: 'x',
        textEncoding: 'base64',
        text: 'Ünïcödé text',
        html: '<b>Ünïcödé</b>',
        attachments: [{ filename: 'a.txt', content: 'attached' }],
      }),
    );
    assert.match(m.header('content-type')!, /^multipart\/mixed/);
    assert.equal(m.text, 'Ünïcödé text');
    assert.equal(m.html, '<b>Ünïcödé</b>');
    assert.equal(m.parts.find((p) => p.type === 'text/plain' && p.body === 'attached')?.body, 'attached');
  });

  test('a single text part, 7bit', async () => {
    const m = parseMessage(await build({ subject: 'Reset your password', text: 'Plain ASCII only.\n' }));
    assert.equal(m.parts.length, 1);
    assert.equal(m.text, 'Plain ASCII only.\r\n');
    assert.equal(m.html, undefined);
    assert.equal(m.to, 'ana@voters.test');
  });

  test('RFC 2047 words: Q and B, adjacent words joined, other charsets', () => {
    assert.equal(decodeEncodedWords('=?UTF-8?Q?Hola_=C3=B1?= =?UTF-8?B?w7Fh?='), 'Hola ñña');
    assert.equal(decodeEncodedWords('=?ISO-8859-1?Q?Espa=F1a?= y más'), 'España y más');
  });

  test('a broken multipart is an error, not an empty part', () => {
    const raw = Buffer.from('Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n');
    assert.throws(() => parseMessage(raw), /never closed/);
  });

  test('waitForMail: finds by envelope recipient, skips what was seen, and names what arrived when it gives up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-maildir-'));
    try {
      for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(dir, sub));
      const raw = await build({ subject: 'first', text: 'one' });
      fs.writeFileSync(path.join(dir, 'new', '100.A.host'), Buffer.concat([Buffer.from('Delivered-To: ana@voters.test\r\n'), raw]));
      const seen = new Set<string>();
      assert.equal((await waitForMail(dir, 'ANA@voters.test', { seen })).subject, 'first');
      const later = waitForMail(dir, 'ana@voters.test', { seen, timeoutMs: 3000 });
      setTimeout(
        () => fs.writeFileSync(path.join(dir, 'new', '101.B.host'), Buffer.concat([Buffer.from('Delivered-To: ana@voters.test\r\n'), raw])),
        200,
      );
      assert.equal((await later).file, path.join(dir, 'new', '101.B.host'));
      await assert.rejects(
        waitForMail(dir, 'bob@voters.test', { timeoutMs: 200 }),
        /no message to bob@voters.test .* holds 2:\n {2}ana@voters.test: first/s,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
