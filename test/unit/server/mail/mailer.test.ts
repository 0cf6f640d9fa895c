// The mailer builds one message the same way for SMTP and for the .eml outbox: the text and HTML
// parts, the Message-ID and the extra headers; a plain message (the password reset) stays text only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../../../server/logger.js';
import { createMailer, type MailMessage } from '../../../../server/mail/mailer.js';
import { parseMail } from '../../../support/mime.js';
import { startSmtpSink } from '../../../support/smtp-sink.js';

const message: MailMessage = {
  to: 'ana@example.org',
  subject: 'Hello',
  text: 'Plain words: https://rollcall.test/m/x',
  html: '<p>Plain words: <a href="https://rollcall.test/m/x">link</a></p>',
  messageId: '<abc.confirmation@rollcall.test>',
  headers: { 'List-Unsubscribe': '<https://rollcall.test/m/x/stop>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

function check(raw: string): void {
  const mail = parseMail(raw);
  assert.match(mail.headers['content-type'] ?? '', /^multipart\/alternative/);
  assert.equal(mail.text?.trimEnd(), message.text);
  assert.equal(mail.html?.trimEnd(), message.html);
  assert.equal(mail.headers['message-id'], message.messageId);
  assert.equal(mail.headers['list-unsubscribe'], '<https://rollcall.test/m/x/stop>');
  assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
}

describe('the mailer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-mailer-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends both parts and the headers over SMTP', async () => {
    const sink = await startSmtpSink();
    try {
      const mailer = createMailer(
        { smtpUrl: sink.url, mailFrom: 'Rollcall <no-reply@rollcall.test>', dataDir: dir },
        createLogger('silent'),
      );
      await mailer.send(message);
      check((await sink.waitFor('ana@example.org')).raw);
      await mailer.send({ to: 'reset@example.org', subject: 'Reset', text: 'Only text' });
      const reset = parseMail((await sink.waitFor('reset@example.org')).raw);
      assert.match(reset.headers['content-type'] ?? '', /^text\/plain/);
      assert.equal(reset.text?.trim(), 'Only text');
    } finally {
      await sink.close();
    }
  });

  it('writes the same message to DATA_DIR/outbox without SMTP_URL', async () => {
    const mailer = createMailer(
      { smtpUrl: undefined, mailFrom: 'Rollcall <no-reply@rollcall.test>', dataDir: dir },
      createLogger('silent'),
    );
    await mailer.send(message);
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    assert.equal(files.length, 1);
    const file = path.join(dir, 'outbox', files[0]!);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    check(fs.readFileSync(file, 'utf8'));
  });
});
