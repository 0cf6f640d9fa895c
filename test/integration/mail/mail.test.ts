// Mail through a real MTA (Postfix, started by ./run.sh): the real server (`rollcall serve`, its
// own data directory) sends with SMTP_URL pointing at Postfix, and the tests read what Postfix
// delivered to its Maildir: headers, both parts, the links — and follow the links on the server.
// 1. Today's only mail, the partner password reset, end to end.
// 2. Voter mail (issue 15, docs/voter-mail.md): the confirmation, its link page, the one-click stop.
// Needs a build (dist/), root and Debian's postfix: run with test/integration/mail/run.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { apiBody } from '../../support/app-fixture.js';
import { cli } from '../../support/browser/admin.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import { linksIn, waitForMail, messagesTo, type MaildirMessage } from '../../support/maildir.js';
import { checkVoterMessage as checkMessage, oneClickStop } from '../../support/voter-mail-checks.js';
import { freePort } from '../../support/free-port.js';
import { DAY_MS, mtaFromEnv, ServerClock, serverEnvFor, TEST_MAIL_FROM, type Mta } from '../../support/mta.js';

const found = mtaFromEnv();
const mta: Mta | undefined = typeof found === 'string' ? undefined : found;
if (!mta) process.stdout.write(`# mail tests skipped: ${String(found)}\n`);

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase, long enough';

/** A browser without JavaScript: keeps cookies, follows nothing by itself. */
class Client {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async get(pathOrUrl: string): Promise<{ status: number; body: string; location: string | null; type: string }> {
    return this.request('GET', pathOrUrl);
  }

  async post(pathOrUrl: string, form: Record<string, string>) {
    return this.request('POST', pathOrUrl, new URLSearchParams(form).toString());
  }

  async request(method: string, pathOrUrl: string, body?: string, headers: Record<string, string> = {}) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      body,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.base } : {}),
        Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...headers,
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const type = res.headers.get('content-type') ?? '';
    const text =
      type.startsWith('text/') || type.includes('json') ? await res.text() : Buffer.from(await res.arrayBuffer()).toString('latin1');
    return { status: res.status, body: text, location: res.headers.get('location'), type };
  }
}

const csrfOf = (html: string): string => {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page has a CSRF field');
  return m[1]!;
};

describe('mail through a real MTA (Postfix → Maildir)', { skip: mta ? false : String(found) }, () => {
  let server: RunningServer;
  let clock: ServerClock;
  let partner: { id: string; apiKey: string };
  const seen = new Set<string>();

  before(async () => {
    clock = new ServerClock();
    server = await startServer({ ...serverEnvFor(mta!, clock, await freePort()), RETENTION_DAYS: '90' });
    partner = JSON.parse(await cli(server, ['partner', 'create', '--name', 'League of Test Voters'])) as { id: string; apiKey: string };
  });

  after(async () => {
    const alive = server?.alive();
    const logs = server?.logs() ?? '';
    await server?.stop();
    clock?.remove();
    assert.ok(alive !== false, `the server died during the tests:\n${logs}`);
  });

  test('the harness: the MTA delivers to the test domains and refuses any other during the SMTP conversation', async () => {
    const transport = nodemailer.createTransport(mta!.smtpUrl);
    const to = `harness-${Date.now()}@voters.test`;
    await transport.sendMail({
      from: TEST_MAIL_FROM,
      to,
      subject: 'Ñandú — prueba',
      text: 'Texto plano: más información.\n',
      html: '<p>HTML: <strong>más</strong> información.</p>',
    });
    const m = await waitForMail(mta!.maildir, to, { seen });
    assert.equal(m.subject, 'Ñandú — prueba');
    assert.equal(m.to, to);
    assert.match(m.header('content-type') ?? '', /^multipart\/alternative/);
    assert.equal(m.text, 'Texto plano: más información.\n');
    assert.equal(m.html, '<p>HTML: <strong>más</strong> información.</p>');
    await assert.rejects(
      transport.sendMail({ from: TEST_MAIL_FROM, to: 'someone@example.com', subject: 'x', text: 'x' }),
      /554|Relay access denied/,
    );
  });

  test('partner password reset: the mail arrives with its headers, and its link sets a new password once', async () => {
    const email = 'pat@partners.test';
    await cli(server, ['partner', 'user', 'create', '--partner', partner.id, '--email', email], `${PASSWORD}\n`);
    const web = new Client(server.baseUrl);

    // An address without an account gets the same page, and no mail.
    let page = await web.get('/partner/password/forgot');
    assert.equal(page.status, 200);
    let res = await web.post('/partner/password/forgot', { _csrf: csrfOf(page.body), email: 'nobody@partners.test' });
    assert.equal(res.status, 200);
    const sameAnswer = res.body.replace(/name="_csrf" value="[^"]+"/, '');

    page = await web.get('/partner/password/forgot');
    res = await web.post('/partner/password/forgot', { _csrf: csrfOf(page.body), email });
    assert.equal(res.status, 200);
    assert.equal(res.body.replace(/name="_csrf" value="[^"]+"/, ''), sameAnswer, 'the answer does not tell which addresses have accounts');

    const mail = await waitForMail(mta!.maildir, email, { seen });
    assert.equal(mail.header('from'), TEST_MAIL_FROM);
    assert.equal(mail.header('to'), email);
    assert.ok(mail.subject.length > 3, 'a subject');
    assert.ok(mail.header('message-id'), 'a Message-ID');
    assert.ok(!Number.isNaN(Date.parse(mail.header('date') ?? '')), 'a Date');
    assert.equal(mail.parts.length, 1, 'today the reset mail is text only');
    assert.equal(mail.parts[0]!.type, 'text/plain');
    const links = linksIn(mail.text!);
    const reset = links.find((l) => l.startsWith(`${server.baseUrl}/partner/password/reset?token=`));
    assert.ok(reset, `the text carries the reset link on this server (${links.join(', ')})`);
    assert.match(new URL(reset).searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(messagesTo(mta!.maildir, 'nobody@partners.test').length, 0, 'no mail to an address without an account');

    // The link works, once.
    page = await web.get(reset);
    assert.equal(page.status, 200);
    const token = new URL(reset).searchParams.get('token')!;
    res = await web.post('/partner/password/reset', { _csrf: csrfOf(page.body), token, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/partner/login?reset=done');
    assert.equal((await web.get(reset)).status, 400, 'a used link is dead');

    // The password change is told to the account's address (ASVS 2.2.3, 2.5.5: mail/account-notice.ts),
    // queued by the reset and sent by the server's job runner: text only, dated, and no link.
    const notice = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    assert.equal(notice.header('to'), email);
    assert.equal(notice.subject, 'Your Rollcall password was reset');
    assert.equal(notice.parts.length, 1);
    assert.equal(notice.parts[0]!.type, 'text/plain');
    assert.match(notice.text!, /^When: \w+day, \w+ \d{1,2}, 20\d\d \(20\d\d-\d\d-\d\d \d\d:\d\d UTC\)$/m);
    assert.deepEqual(linksIn(notice.text!), [], 'nothing in it signs in');

    // The new password signs in; the old one does not.
    page = await web.get('/partner/login');
    res = await web.post('/partner/login', { _csrf: csrfOf(page.body), email, password: PASSWORD });
    assert.equal(res.status, 401);
    res = await web.post('/partner/login', { _csrf: csrfOf(page.body), email, password: NEW_PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/partner/totp/setup', 'the password is right: on to the second factor');
  });

  test('a reset link expires after 30 minutes (server clock moved on)', async () => {
    const email = 'sam@partners.test';
    await cli(server, ['partner', 'user', 'create', '--partner', partner.id, '--email', email], `${PASSWORD}\n`);
    const web = new Client(server.baseUrl);
    const page = await web.get('/partner/password/forgot');
    await web.post('/partner/password/forgot', { _csrf: csrfOf(page.body), email });
    const mail = await waitForMail(mta!.maildir, email, { seen });
    const reset = linksIn(mail.text!).find((l) => l.includes('/partner/password/reset?token='))!;
    assert.equal((await web.get(reset)).status, 200);
    clock.advance(31 * 60_000);
    assert.equal((await web.get(reset)).status, 400, 'the link is dead 31 minutes later');
  });

  // -------------------------------------------------------------------------------------------
  // Voter mail (issue 15). Contract: common.md — a confirmation when the PDF is ready; every
  // message plain text + HTML from one template, List-Unsubscribe + List-Unsubscribe-Post
  // (RFC 8058); its link /m/:token proves the token and mints a fresh download link;
  // POST /m/:token/stop stops all further mail to that registration; no personal data in the body
  // beyond the first name. Reminders "after 2 and 7 days" are the suggestion.

  /** A registration through the API with the voter's email at the MTA; resolves once its PDF is ready. */
  async function registerVoter(email: string): Promise<string> {
    const res = await fetch(`${server.baseUrl}/api/v1/registrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${partner.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(apiBody({ email })),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { id } = (await res.json()) as { id: string };
    for (let i = 0; i < 120; i++) {
      const r = await fetch(`${server.baseUrl}/api/v1/registrations/${id}`, { headers: { Authorization: `Bearer ${partner.apiKey}` } });
      if (((await r.json()) as { status: string }).status === 'pdf_ready') return id;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.fail(`registration ${id} never reached pdf_ready\n${server.logs()}`);
  }

  // apiBody's voter: Maria Garcia, born 1990-04-28, 1500 11th Street, ID D1234567.
  const PERSONAL = ['Garcia', '1990', '1500 11th', 'D1234567'];
  const checkVoterMessage = (m: MaildirMessage, where: string) => checkMessage(m, where, TEST_MAIL_FROM, PERSONAL);

  test('voter mail: the confirmation — headers, both parts, the link page mints a working download', async () => {
    const email = 'maria.confirm@voters.test';
    await registerVoter(email);
    const confirmation = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    const { link } = checkVoterMessage(confirmation, 'confirmation');
    assert.ok(confirmation.text!.includes('Maria'), 'addressed by first name');

    const web = new Client(server.baseUrl);
    for (const round of [1, 2]) {
      // Every opening of the email's link mints a fresh download link (the stored one may have expired).
      const page = await web.get(link);
      assert.equal(page.status, 200, `opening ${round}: the link page`);
      const pdf = /href="(\/pdf\/[A-Za-z0-9_-]{22,})"/.exec(page.body)?.[1];
      assert.ok(pdf, `opening ${round}: the page offers a download link`);
      const file = await web.get(pdf);
      assert.equal(file.status, 200);
      assert.match(file.type, /application\/pdf/);
      assert.ok(file.body.startsWith('%PDF-'), 'a PDF');
    }
    // The email's link keeps working after the stored download link's 24 h.
    clock.advance(DAY_MS + 3600_000);
    assert.equal((await web.get(link)).status, 200, 'the email link outlives the download link');
    assert.equal((await web.get('/m/not-a-real-token-at-all-xxxxxxxx')).status, 404, 'a made-up token is a 404, not a 500');
  });

  test('voter mail: the one-click stop (RFC 8058) stops the reminders; a voter who did not stop gets them', async () => {
    const stopper = 'maria.stop@voters.test';
    const keeper = 'maria.keep@voters.test';
    await registerVoter(stopper);
    await registerVoter(keeper);
    const first = await waitForMail(mta!.maildir, stopper, { seen, timeoutMs: 30_000 });
    await waitForMail(mta!.maildir, keeper, { seen, timeoutMs: 30_000 });
    const { stop } = checkVoterMessage(first, 'confirmation');

    const status = await oneClickStop(stop);
    assert.ok(status >= 200 && status < 400, `the one-click POST succeeds (${status})`);
    // A GET (a scanner following links) must not stop anything by itself; it may show a page.
    assert.ok((await fetch(stop, { redirect: 'manual' })).status < 500);

    // Past the first reminder (suggested: after 2 days), then the second (7 days).
    for (const days of [2, 5]) {
      clock.advance(days * DAY_MS + 3600_000);
      await waitForMail(mta!.maildir, keeper, { seen, timeoutMs: 30_000 }).then((m) =>
        checkVoterMessage(m, `reminder after +${days} days`),
      );
    }
    await new Promise((r) => setTimeout(r, 3000)); // the stopped voter's jobs were due as long as the keeper's
    const late = messagesTo(mta!.maildir, stopper).filter((m) => !seen.has(m.file));
    assert.deepEqual(
      late.map((m) => m.subject),
      [],
      'nothing more to the voter who stopped',
    );
  });
});
