// The voter email pipeline end to end, against a real SMTP server (test/support/smtp-sink.ts):
// a ready PDF sends the confirmation (both parts, the headers, links that work), the reminders go
// at their times (fake clock), "I mailed it" and the one-click stop stop them, a job redone after
// its lease ran out does not send again, Spanish, and a message that keeps failing ends dead.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { escapeHtml } from '../../../../server/escape-html.js';
import { mailTranslator, translator } from '../../../../server/i18n.js';
import type { VoterMailKind } from '../../../../server/mail/voter-mail.js';
import { getState } from '../../../../server/states/index.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { decodeWords, parseMail, type ParsedMail } from '../../../support/mime.js';
import { startSmtpSink, type SmtpSink } from '../../../support/smtp-sink.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

const DAY = 24 * 60 * 60_000;
const ADDRESS = 'ana@example.org';

interface Sent extends ParsedMail {
  subject: string;
  /** The email link page's token (from List-Unsubscribe). */
  token: string;
}

function read(raw: string): Sent {
  const mail = parseMail(raw);
  const m = /^<http:\/\/rollcall\.test\/m\/([A-Za-z0-9_-]{43})\/stop>$/.exec(mail.headers['list-unsubscribe'] ?? '');
  assert.ok(m, `List-Unsubscribe: ${mail.headers['list-unsubscribe']}`);
  return { ...mail, subject: decodeWords(mail.headers.subject ?? ''), token: m[1]! };
}

describe('voter mail', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const clock = () => t.clock as FakeClock;
  const sent = () => sink.messages.map((m) => read(m.raw));
  const subjects = () => sent().map((m) => m.subject);
  const subject = (kind: VoterMailKind, lang: 'en' | 'es' = 'en') => mailTranslator(lang)(`${kind}.subject`);
  const statuses = async (registrationId: number) =>
    Object.fromEntries((await t.ctx.mail.voter.forRegistration(t.ctx.db, registrationId)).map((r) => [r.kind, r.status]));

  beforeEach(async () => {
    sink = await startSmtpSink();
    t = await makeTestApp({ env: { SMTP_URL: sink.url } });
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  /** A web voter who finished; the render job has run (and with it every message due now). */
  async function readyVoter(lang: 'en' | 'es' = 'en') {
    const session = new VoterSession(t.app);
    await session.start(lang);
    // californiaVoter lives at the state office's own address: this one lives elsewhere, so the
    // voter's home is told apart from any office.
    await session.complete('eligibility', californiaVoter.eligibility, 'name');
    await session.complete('name', californiaVoter.name, 'addresses');
    await session.complete('addresses', { ...californiaVoter.addresses, 'homeAddress.street': '742 Evergreen Terrace' }, 'id');
    await session.complete('id', californiaVoter.id, 'party');
    await session.complete('party', californiaVoter.party, 'review');
    await session.complete('review', californiaVoter.review, 'done');
    await t.ctx.jobs.runner.drain();
    const row = await t.ctx.registrations.service.findByResumeToken(session.token);
    assert.equal(row?.status, 'pdf_ready');
    return { session, row: row! };
  }

  it('sends the confirmation when the PDF is ready: both parts, the headers, no personal data but the first name, links that work', async () => {
    const { session, row } = await readyVoter();
    assert.equal(sink.messages.length, 1);
    assert.deepEqual(sink.messages[0]!.to, [ADDRESS]);
    const mail = sent()[0]!;
    assert.equal(mail.subject, subject('confirmation'));
    assert.match(mail.headers['content-type'] ?? '', /^multipart\/alternative/);
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.match(mail.headers['message-id'] ?? '', /^<[0-9a-f]{32}\.confirmation@rollcall\.test>$/);
    assert.equal(mail.headers['message-id'], t.ctx.mail.sender.messageId(row, 'confirmation'), 'deterministic per registration and kind');
    assert.ok(mail.text && mail.html);
    const state = getState('CA')!;
    // The office is the voter's own, as on the PDF: ZIP 95814 is Sacramento County's, not the state office.
    const office = (await t.ctx.offices.officeFor(row))!;
    assert.equal(office.key, 'CA:Sacramento County');
    const stateOnly = state.office.mailingAddress.filter((line) => !office.lines.includes(line));
    assert.ok(stateOnly.length > 0);
    const stepTitle = translator('en')('mailing.sign.title');
    for (const [part, body, as] of [
      ['text', mail.text, (s: string) => s],
      ['html', mail.html, escapeHtml],
    ] as const) {
      assert.match(body, /Ana/, `${part}: the first name`);
      for (const personal of ['Núñez', 'N&#250;', '742 Evergreen', 'D1234567', '1990', '555-0123'])
        assert.ok(!body.includes(personal), `${part} holds ${personal}`);
      assert.ok(body.includes(`http://rollcall.test/m/${mail.token}`), `${part}: the email link page`);
      assert.ok(body.includes(`http://rollcall.test/r/${session.token}`), `${part}: the resume link`);
      assert.ok(body.includes(as(state.deadline.en)), `${part}: the deadline`);
      for (const line of office.lines) assert.ok(body.includes(as(line)), `${part}: the office (${line})`);
      for (const line of stateOnly) assert.ok(!body.includes(as(line)), `${part}: not the state office (${line})`);
      assert.ok(body.includes(as(stepTitle)), `${part}: the mailing steps`);
    }
    assert.match(mail.html!, /^<!DOCTYPE html><html lang="en">/);

    // The link page mints a PDF link that downloads, and the first download is recorded.
    const page = await request(t.app).get(`/m/${mail.token}`);
    assert.equal(page.status, 200);
    const pdfHref = /href="(\/pdf\/[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1];
    assert.ok(pdfHref, 'the page links the PDF');
    const pdf = await request(t.app).get(pdfHref);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok((await t.ctx.registrations.service.store.byId(row.id))?.pdf_downloaded_at);
    // The resume link in the email opens the registration (finished: its done page).
    const resume = await request(t.app).get(`/r/${session.token}`);
    assert.equal(resume.status, 303);
    assert.equal(resume.headers.location, `/r/${session.token}/done`);
    // An unknown token is a 404, a malformed one too; never a 500.
    assert.equal((await request(t.app).get(`/m/${'x'.repeat(43)}`)).status, 404);
    assert.equal((await request(t.app).get('/m/short')).status, 404);
  });

  it('sends the reminders at their times, each with a fresh link that still downloads, and the last one only if never downloaded', async () => {
    const { row } = await readyVoter();
    assert.deepEqual(await statuses(row.id), {
      follow_up: 'cancelled', // scheduled by the eligibility step, cancelled by the submit
      confirmation: 'sent',
      reminder_1: 'scheduled',
      reminder_2: 'scheduled',
      last_reminder: 'scheduled',
    });
    clock().advance(2 * DAY - 60_000);
    await t.ctx.jobs.runner.drain();
    assert.equal(sink.messages.length, 1, 'nothing before two days');
    clock().advance(60_000);
    await t.ctx.jobs.runner.drain();
    assert.deepEqual(subjects(), [subject('confirmation'), subject('reminder_1')]);
    clock().advance(5 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.deepEqual(subjects().at(-1), subject('reminder_2'));
    // A week after the PDF, long past the 24-hour PDF link: the reminder's link page mints a new one.
    const reminder = sent().at(-1)!;
    assert.notEqual(reminder.token, sent()[0]!.token, 'each message has its own token');
    const page = await request(t.app).get(`/m/${reminder.token}`);
    const pdfHref = /href="(\/pdf\/[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1];
    assert.ok(pdfHref);
    assert.equal((await request(t.app).get(pdfHref)).status, 200);
    // Downloaded now: the last reminder (day 10) is not wanted any more.
    clock().advance(3 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.equal(sink.messages.length, 3);
    assert.equal((await statuses(row.id)).last_reminder, 'cancelled');
  });

  it('sends the last reminder to a voter who never downloaded the form', async () => {
    const { row } = await readyVoter();
    clock().advance(10 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.deepEqual(subjects(), [subject('confirmation'), subject('reminder_1'), subject('reminder_2'), subject('last_reminder')]);
    assert.equal((await statuses(row.id)).last_reminder, 'sent');
    const last = sent().at(-1)!;
    assert.match(last.headers['message-id'] ?? '', /\.last_reminder@rollcall\.test>$/);
  });

  it('"I mailed it" (a CSRF-checked form on the link page) records the time and stops the reminders', async () => {
    const { row } = await readyVoter();
    const token = sent()[0]!.token;
    const page = await request(t.app).get(`/m/${token}`);
    assert.equal((await request(t.app).post(`/m/${token}/mailed`).type('form').send({})).status, 403, 'no CSRF token');
    const res = await request(t.app)
      .post(`/m/${token}/mailed`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/m/${token}`);
    assert.ok((await t.ctx.registrations.service.store.byId(row.id))?.mailed_at);
    assert.deepEqual(await statuses(row.id), {
      follow_up: 'cancelled',
      confirmation: 'sent',
      reminder_1: 'cancelled',
      reminder_2: 'cancelled',
      last_reminder: 'cancelled',
    });
    assert.equal((await t.ctx.db('jobs').where({ kind: 'send_voter_mail', status: 'queued' })).length, 0);
    clock().advance(11 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.equal(sink.messages.length, 1);
    assert.match((await request(t.app).get(`/m/${token}`)).text, /Thank you/);
    // A printed form mailed later is still told (only the reminders stop).
    await t.ctx.commits.run((trx) => t.ctx.mail.voter.schedule(trx, row.id, 'print_mailed'));
    await t.ctx.jobs.runner.drain();
    assert.equal(subjects().at(-1), subject('print_mailed'));
  });

  it('the one-click POST (RFC 8058) stops all further mail, idempotently, without a CSRF token', async () => {
    const { row } = await readyVoter();
    const token = sent()[0]!.token;
    const confirm = await request(t.app).get(`/m/${token}/stop`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<form method="post" action="\/m\/[A-Za-z0-9_-]{43}\/stop">/);
    for (let i = 0; i < 2; i++) {
      const res = await request(t.app).post(`/m/${token}/stop`).type('form').send('List-Unsubscribe=One-Click');
      assert.equal(res.status, 200);
    }
    const stoppedAt = (await t.ctx.registrations.service.store.byId(row.id))?.mail_stopped_at;
    assert.ok(stoppedAt);
    assert.deepEqual(await statuses(row.id), {
      follow_up: 'cancelled',
      confirmation: 'sent',
      reminder_1: 'cancelled',
      reminder_2: 'cancelled',
      last_reminder: 'cancelled',
    });
    // Scheduled after the stop (another branch's kinds): cancelled at send time.
    await t.ctx.commits.run(async (trx) => {
      await t.ctx.mail.voter.schedule(trx, row.id, 'print_mailed');
      await t.ctx.mail.voter.schedule(trx, row.id, 'turning_18');
    });
    clock().advance(11 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.equal(sink.messages.length, 1);
    assert.equal((await statuses(row.id)).turning_18, 'cancelled');
    // The page's own button (a browser) gets the page; the stop time stays the first one.
    const button = await request(t.app).post(`/m/${token}/stop`).type('form').send({});
    assert.equal(button.status, 303);
    assert.match((await request(t.app).get(`/m/${token}/stop`)).text, /no more emails/);
    assert.equal((await t.ctx.registrations.service.store.byId(row.id))?.mail_stopped_at, stoppedAt);
  });

  it('a job redone after its lease ran out does not send again; an attempt that lost its lease does not send', async () => {
    const { row } = await readyVoter();
    await t.ctx.commits.run((trx) => t.ctx.mail.voter.schedule(trx, row.id, 'print_mailed', clock().now() + 60_000));
    clock().advance(60_000);
    const queue = t.ctx.jobs.queue;
    const lease = 30_000;
    // Worker A takes the job and sends; before A commits, its lease runs out and B takes the job (then dies).
    const a = (await queue.claim('worker-a', lease))!;
    assert.equal(a.kind, 'send_voter_mail');
    const result = await t.ctx.mail.sender.handle(a);
    assert.equal(sink.messages.length, 2);
    clock().advance(lease + 1);
    const b = (await queue.claim('worker-b', lease))!;
    assert.equal(b.id, a.id);
    // A's commit lands: the message is recorded sent (the job stays B's).
    await t.ctx.commits.run(async (trx) => {
      await result!.finish!(trx);
      assert.equal(await queue.complete(a, 'worker-a', trx), 0);
    });
    // B's lease runs out too; the runner redoes the job: nothing is sent, the job completes.
    clock().advance(lease + 1);
    assert.equal(await t.ctx.jobs.runner.drain(), 1);
    assert.equal(sink.messages.length, 2);
    assert.equal((await t.ctx.db('jobs').where({ id: a.id }).first())?.status, 'done');
    assert.equal((await statuses(row.id)).print_mailed, 'sent');

    // An attempt whose lease was taken over before it sent gives up without sending.
    await t.ctx.commits.run((trx) => t.ctx.mail.voter.schedule(trx, row.id, 'turning_18'));
    const c = (await queue.claim('worker-c', lease))!;
    clock().advance(lease + 1);
    await queue.claim('worker-d', lease);
    await assert.rejects(t.ctx.mail.sender.handle(c), /lease lost/);
    assert.equal(sink.messages.length, 2);
  });

  it('writes in the registration’s language (Spanish)', async () => {
    await readyVoter('es');
    const mail = sent()[0]!;
    assert.equal(mail.subject, subject('confirmation', 'es'));
    assert.match(mail.html!, /<html lang="es">/);
    assert.ok(mail.text!.includes(translator('es')('mailing.sign.title')));
    assert.ok(mail.text!.includes(getState('CA')!.deadline.es));
    assert.ok(mail.text!.includes(mailTranslator('es')('stopLink')));
    const page = await request(t.app).get(`/m/${mail.token}`);
    assert.match(page.text, /<html lang="es">/);
    assert.ok(page.text.includes(mailTranslator('es')('page.mailedButton')));
  });

  it('print_mailed says the day; turning_18 links the start page with the partner', async () => {
    const { row } = await readyVoter();
    await t.ctx.commits.run(async (trx) => {
      await t.ctx.mail.voter.schedule(trx, row.id, 'print_mailed', Date.UTC(2026, 9, 1, 16));
      await t.ctx.mail.voter.schedule(trx, row.id, 'turning_18', Date.UTC(2026, 9, 1, 16));
    });
    clock().advance(DAY);
    await t.ctx.jobs.runner.drain();
    const printed = sent().find((m) => m.subject === subject('print_mailed'))!;
    assert.ok(printed.text!.includes('October 1, 2026'));
    const turning = sent().find((m) => m.subject === subject('turning_18'))!;
    assert.ok(turning.text!.includes('http://rollcall.test/?lang=en'));
  });

  it('does not send to a registration whose voter mail is off, and ends dead (jobs and voter_mail) after the last attempt', async () => {
    const { row } = await readyVoter();
    await t.ctx.db('registrations').where({ id: row.id }).update({ voter_mail_enabled: false });
    clock().advance(11 * DAY);
    await t.ctx.jobs.runner.drain();
    assert.equal(sink.messages.length, 1);
    assert.equal((await statuses(row.id)).reminder_1, 'cancelled');

    await t.ctx.db('registrations').where({ id: row.id }).update({ voter_mail_enabled: true });
    await sink.close(); // the SMTP server is gone: every attempt fails
    await t.ctx.commits.run((trx) => t.ctx.mail.voter.schedule(trx, row.id, 'print_mailed'));
    for (let i = 0; i < 30; i++) {
      await t.ctx.jobs.runner.drain();
      clock().advance(11 * 60_000);
    }
    const mail = (await t.ctx.mail.voter.forRegistration(t.ctx.db, row.id)).find((r) => r.kind === 'print_mailed')!;
    assert.equal(mail.status, 'dead');
    const job = await t.ctx.db('jobs').where({ id: mail.job_id }).first();
    assert.equal(job.status, 'dead');
    assert.match(job.last_error, /ECONNREFUSED|connect/i);
    sink = await startSmtpSink(); // for afterEach
  });
});
