// The follow-through story of issue 15, end to end in headless Chromium on a phone (390×844), with
// the mail read from the real MTA (test/integration/mail/mta.sh, started by ./run.sh) and the
// server's clock moved on days at a time (TEST_CLOCK_FILE, honoured only with NODE_ENV=test):
// a voter starts, stops at step 3, comes back from the follow-up email, finishes, gets the
// confirmation, ignores it, gets the reminders, asks for a printed form, an admin takes that
// request through the print desk (batch, its PDF, marked mailed) and the voter hears of it, and
// the voter stops the mail.
// Every path is followed to its end: the PDF behind each email's link is downloaded, the stop
// link is used. Delays are the server's defaults (docs/voter-mail.md): the follow-up 24 h after
// the eligibility step first has an email (FOLLOW_UP_DELAY_HOURS), reminder_1 at +2 days,
// reminder_2 at +7 after the PDF; no last reminder, since the voter downloads the form.
// Needs a build (dist/), /usr/bin/chromium, and the MTA (root, Debian's postfix): ./run.sh.
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findOffice, officeLines } from '../../../server/offices/index.js';
import { extractText } from '../../support/pdf-text.js';
import { checkAxe, createAdmin, signInWithKeyboard } from '../../support/browser/admin.js';
import { chromiumMissing, DESKTOP, launchBrowser } from '../../support/browser/browser.js';
import { mainText, overflowing, watchContext } from '../../support/browser/page-checks.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import { CA_VOTER, completeSteps, start, stepOf, tabTo, type Voter } from '../../support/browser/voter.js';
import { linksIn, messagesTo, waitForMail, type MaildirMessage } from '../../support/maildir.js';
import { freePort } from '../../support/free-port.js';
import { DAY_MS, mtaFromEnv, ServerClock, serverEnvFor, TEST_MAIL_FROM, type Mta } from '../../support/mta.js';
import { checkVoterMessage, VOTER_LINK } from '../../support/voter-mail-checks.js';

const PHONE = { width: 390, height: 844 } as const;
/** The follow-up is due 24 h after the eligibility step first had an email (FOLLOW_UP_DELAY_HOURS); an hour more. */
const FOLLOW_UP_AFTER_MS = DAY_MS + 3600_000;
const PDF_WAIT_MS = 30_000;

const missingBrowser = chromiumMissing();
const foundMta = mtaFromEnv();
const mta: Mta | undefined = typeof foundMta === 'string' ? undefined : foundMta;
const skipAll = missingBrowser ?? (mta ? false : String(foundMta));
if (skipAll) process.stdout.write(`# voter story skipped: ${skipAll}\n`);

describe('the follow-through story: a phone, a pause at step 3, the mail, the reminders, a printed form', { skip: skipAll }, () => {
  let server: RunningServer;
  let browser: Browser;
  let clock: ServerClock;
  const contexts: BrowserContext[] = [];
  const seen = new Set<string>();
  const email = `story-${Date.now()}@voters.test`;
  const adminEmail = 'print-desk@example.org';
  const voter: Voter = { ...CA_VOTER, email };
  // Whatever must never be in a message (CA_VOTER's last name, birth year, street, ID number).
  const personal = [CA_VOTER.lastName, CA_VOTER.dob.year, CA_VOTER.street, CA_VOTER.idNumber];
  /** The story's state, handed from one step to the next. */
  let resumeToken = '';
  let resumeFromMail = '';
  let stopFromMail = '';
  let linkFromMail = '';
  let firstPdfHref = '';
  let confirmation: MaildirMessage | undefined;

  before(async () => {
    clock = new ServerClock();
    server = await startServer({ ...serverEnvFor(mta!, clock, await freePort()), RETENTION_DAYS: '90' });
    browser = await launchBrowser();
    await createAdmin(server, adminEmail);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    const alive = server?.alive();
    const logs = server?.logs() ?? '';
    await server?.stop();
    clock?.remove();
    assert.ok(alive !== false, `the server died during the story:\n${logs}`);
  });

  /** A new browser profile on the phone (a voter coming back from their mail app has no cookie of ours to rely on). */
  async function phone(): Promise<{ page: Page; problems: () => string[] }> {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      acceptDownloads: true,
    });
    contexts.push(context);
    const watcher = watchContext(context);
    return { page: await context.newPage(), problems: () => watcher.problems() };
  }

  async function assertFits(page: Page, where: string) {
    assert.deepEqual(await overflowing(page), [], `${where}: nothing may stick out sideways at ${PHONE.width} px`);
  }

  async function waitForPdfLink(page: Page): Promise<string> {
    try {
      await page.locator('#download-pdf').waitFor({ timeout: PDF_WAIT_MS });
    } catch (error) {
      assert.fail(
        `no PDF link after ${PDF_WAIT_MS / 1000} s on ${page.url()}: ${(error as Error).message.split('\n')[0]}\n${server.logs()}`,
      );
    }
    return (await page.getAttribute('#download-pdf', 'href'))!;
  }

  /** Downloads `href` on the server: a working link answers 200, application/pdf, and a PDF's bytes. */
  async function fetchPdf(href: string): Promise<{ status: number; isPdf: boolean }> {
    const res = await fetch(new URL(href, server.baseUrl));
    const body = Buffer.from(await res.arrayBuffer());
    const isPdf = /^application\/pdf\b/.test(res.headers.get('content-type') ?? '') && body.subarray(0, 5).toString('latin1') === '%PDF-';
    return { status: res.status, isPdf };
  }

  // -------------------------------------------------------------------------------------------
  test('1. on a phone, the voter starts, gives an email, and stops at step 3 (addresses)', async () => {
    const { page, problems } = await phone();
    resumeToken = await start(page, server.baseUrl);
    await assertFits(page, 'eligibility');
    await completeSteps(page, voter, 'addresses');
    assert.equal(stepOf(page.url()), 'addresses');
    assert.equal(await page.locator('.usa-step-indicator__current-step').innerText(), '3');
    await assertFits(page, 'addresses');
    assert.deepEqual(problems(), []);
    await page.context().close(); // the phone is put away
  });

  test('2. a day later, the follow-up email: one message, headers and both parts, its resume link', async () => {
    assert.equal(messagesTo(mta!.maildir, email).length, 0, 'no mail while the voter is still at it');
    clock.advance(FOLLOW_UP_AFTER_MS);
    const followUp = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    // The follow-up's one link is the resume link (docs/voter-mail.md), not /m/:token.
    checkVoterMessage(followUp, 'follow-up', TEST_MAIL_FROM, personal, { emailLink: false });
    assert.ok(followUp.text!.includes(voter.firstName), 'addressed by first name');
    const resume = `${server.baseUrl}/r/${resumeToken}`;
    assert.ok(linksIn(followUp.text!).includes(resume) && followUp.html!.includes(resume), 'both parts carry the resume link');
    resumeFromMail = resume;
    // At most once per 30 days per address: another day brings no second one.
    clock.advance(DAY_MS);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(messagesTo(mta!.maildir, email).filter((m) => !seen.has(m.file)).length, 0, 'one follow-up, not two');
  });

  test("3. back on the phone from the follow-up's link: lands on step 3 with the answers kept, finishes, gets the PDF", async () => {
    assert.ok(resumeFromMail, 'step 2 read the follow-up');
    const { page, problems } = await phone();
    await page.goto(resumeFromMail);
    assert.equal(stepOf(page.url()), 'addresses', 'the first unfinished step');
    assert.equal(await page.locator('.usa-step-indicator__current-step').innerText(), '3');
    await completeSteps(page, voter, 'done');
    assert.equal(stepOf(page.url()), 'done');
    firstPdfHref = await waitForPdfLink(page);
    const pdf = await fetchPdf(firstPdfHref);
    assert.deepEqual(pdf, { status: 200, isPdf: true });
    await assertFits(page, 'done');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('4. the confirmation arrives when the PDF is ready: headers, both parts, the /m/:token link and the resume link', async () => {
    confirmation = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    const { link, stop } = checkVoterMessage(confirmation, 'confirmation', TEST_MAIL_FROM, personal);
    assert.ok(confirmation.text!.includes(voter.firstName), 'addressed by first name');
    const resume = `${server.baseUrl}/r/${resumeToken}`;
    assert.ok(linksIn(confirmation.text!).includes(resume) && confirmation.html!.includes(resume), 'both parts carry the resume link');
    assert.match(link, VOTER_LINK);
    stopFromMail = stop;
    linkFromMail = link;
    // The voter ignores it: nothing is opened here.
  });

  test('5. days pass: the stored download link has expired; on the phone the end page asks for the date of birth, then offers a fresh link', async () => {
    assert.ok(firstPdfHref, 'step 3 ran');
    clock.advance(2 * DAY_MS + 3600_000);
    const stale = await fetchPdf(firstPdfHref);
    assert.ok(stale.status >= 400 && stale.status < 500, `a 24-hour link is dead two days on (got ${stale.status})`);
    const { page } = await phone();
    await page.goto(`${server.baseUrl}/r/${resumeToken}`);
    assert.equal(stepOf(page.url()), 'done');
    // Past the first hour the resume link alone does not open the PDF (a shared phone's history):
    // the voter types their date of birth, with the keyboard.
    assert.equal(await page.locator('#download-pdf').count(), 0, 'no PDF link before the date of birth');
    await assertFits(page, 'the end page asking for the date of birth');
    await tabTo(page, '#dateOfBirth-month');
    await page.keyboard.type(voter.dob.month);
    await page.keyboard.press('Tab');
    await page.keyboard.type(voter.dob.day);
    await page.keyboard.press('Tab');
    await page.keyboard.type(voter.dob.year);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const fresh = await page.locator('#download-pdf').getAttribute('href');
    assert.ok(fresh, `the date of birth opens the form (${(await mainText(page)).slice(0, 200)})`);
    assert.notEqual(fresh, firstPdfHref);
    assert.deepEqual(await fetchPdf(fresh), { status: 200, isPdf: true });
    await page.context().close();
  });

  test('6. the reminders: the first after 2 days, the second after 7, each with a link that mints a download on the phone', async () => {
    // Step 5 moved the clock 2 days on: the first reminder is due.
    const first = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    const { link } = checkVoterMessage(first, 'reminder 1', TEST_MAIL_FROM, personal);
    assert.notEqual(first.subject, confirmation?.subject, 'a reminder is not the confirmation again');
    clock.advance(5 * DAY_MS);
    const second = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    checkVoterMessage(second, 'reminder 2', TEST_MAIL_FROM, personal);

    // The email's link outlives the 24-hour download link: opened on the phone, it proves the
    // token and mints a new download link.
    const { page, problems } = await phone();
    const res = await page.goto(link);
    assert.equal(res?.status(), 200);
    await assertFits(page, 'the email link page');
    const href = await page.locator('a[href^="/pdf/"]').first().getAttribute('href');
    assert.ok(href, `the page offers the form (${(await mainText(page)).slice(0, 200)})`);
    assert.deepEqual(await fetchPdf(href), { status: 200, isPdf: true });
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('7. no printer: on the end page the voter asks for a printed form by post, confirms the address, and cannot ask twice by accident', async () => {
    const { page, problems } = await phone();
    await page.goto(`${server.baseUrl}/r/${resumeToken}`);
    assert.equal(stepOf(page.url()), 'done');
    await Promise.all([page.waitForURL(/\/printed-form$/), page.locator('#printed-form-offer').click()]);
    await assertFits(page, 'print request');
    // The address to mail to is filled in from the home address, for the voter to confirm.
    assert.equal(await page.inputValue('[name="mailingAddress.street"]'), voter.street, 'the address to mail to is filled in');
    await Promise.all([page.waitForURL(/\/printed-form\/done$/), page.locator('#printed-form-submit').click()]);
    await assertFits(page, 'print request confirmation');
    assert.ok((await page.locator('#printed-form-status').innerText()).trim(), 'the confirmation says when it was asked for');
    assert.ok((await page.locator('#printed-form-address').innerText()).includes(voter.street), 'the confirmation shows the address');
    await page.goto(`${server.baseUrl}/r/${resumeToken}`);
    assert.equal(await page.locator('#printed-form-offer').count(), 0, 'the end page no longer offers a second printed form');
    assert.ok(await page.locator('#printed-form').isVisible(), 'it says one is on its way');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('8. an admin takes the request through the print desk: a batch, its PDF (cover + the form + the mailer to the county office), marked mailed once; the voter is told', async () => {
    // Desktop, keyboard only, as the admin suite; axe is injected as a script, so this context bypasses the CSP.
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, bypassCSP: true });
    contexts.push(context);
    const watcher = watchContext(context);
    const page = await context.newPage();
    // The server's clock is days ahead by now: the TOTP code is the one for its time.
    await signInWithKeyboard(page, server.baseUrl, adminEmail, () => clock.now());
    await tabTo(page, 'nav a[href="/admin/print"]');
    await Promise.all([page.waitForURL(/\/admin\/print$/), page.keyboard.press('Enter')]);
    await checkAxe(page, 'print queue');
    assert.match(await page.locator('#print-waiting').innerText(), /\b1\b/, 'the voter’s request is waiting');
    // "All waiting": the radio after "the oldest" in the group (arrow keys move within it).
    await tabTo(page, '#f-take-oldest');
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.locator('#f-take-all').isChecked(), 'all waiting chosen');
    await tabTo(page, '#print-create-batch');
    await Promise.all([page.waitForURL(/\/admin\/print\/batches\/\d+$/), page.keyboard.press('Enter')]);
    await checkAxe(page, 'print batch');
    const batchUrl = page.url();
    assert.equal(await page.locator('#print-items tbody tr').count(), 1, 'one request in the batch');
    const row = await page.locator('#print-items tbody tr').innerText();
    assert.ok(row.includes(voter.firstName) && row.includes(voter.street), `the voter's request, to their address (${row})`);

    // The batch PDF: answered as a PDF, 1 cover page + the application and the mailer page.
    const href = (await page.getAttribute('#print-batch-pdf', 'href'))!;
    const res = await context.request.get(new URL(href, server.baseUrl).toString());
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^application\/pdf\b/);
    await tabTo(page, '#print-batch-pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const bytes = fs.readFileSync((await download.path())!);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const pdf = await extractText(bytes);
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    assert.equal(pdf.pages.length, 3, 'a cover page, then the voter’s application and mailer pages');
    assert.ok(
      pdf.pages[1]!.includes(voter.firstName) && pdf.pages[1]!.includes(voter.lastName),
      'the application carries the voter’s name',
    );
    const found = findOffice({ state: 'CA', zip: voter.zip, city: voter.city });
    assert.equal(found.kind, 'office', 'Sacramento has a county office in the data');
    if (found.kind !== 'office') return;
    const mailer = flat(pdf.pages[2]!);
    for (const line of officeLines(found.office))
      assert.ok(mailer.includes(flat(line)), `the mailer page carries "${line}" (${mailer.slice(0, 300)})`);

    // Mark mailed, then the button is gone; a second POST (the form re-sent) changes nothing.
    await tabTo(page, '#print-mark-mailed');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.locator('#print-batch-mailed').waitFor({ timeout: 5000 });
    assert.equal(page.url(), batchUrl);
    assert.equal(await page.locator('#print-mark-mailed').count(), 0, 'no second "mark mailed" on the page');
    await checkAxe(page, 'print batch, mailed');
    const csrf = (await page.locator('input[name="_csrf"]').first().inputValue())!;
    const again = await context.request.post(`${batchUrl}/mailed`, { form: { _csrf: csrf }, maxRedirects: 0 });
    assert.equal(again.status(), 303, 'a repeated "mark mailed" is answered with the batch page');

    // The voter's print_mailed message: both parts, first name only, saying it was mailed.
    const mailed = await waitForMail(mta!.maildir, email, { seen, timeoutMs: 30_000 });
    checkVoterMessage(mailed, 'print mailed', TEST_MAIL_FROM, personal);
    assert.match(mailed.subject, /printed .*form.* in the mail/i);
    assert.ok(mailed.text!.includes(voter.firstName), 'addressed by first name');
    assert.match(mailed.text!, /was mailed to you on/);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(messagesTo(mta!.maildir, email).filter((m) => !seen.has(m.file)).length, 0, 'one print_mailed message, not two');
    assert.deepEqual(watcher.problems(), []);
    await context.close();

    // The voter's end page now says when it was mailed.
    const phoneView = await phone();
    await phoneView.page.goto(`${server.baseUrl}/r/${resumeToken}`);
    assert.equal(stepOf(phoneView.page.url()), 'done');
    assert.match(await phoneView.page.locator('#printed-form').innerText(), /was mailed to you on/);
    assert.equal(await phoneView.page.locator('#printed-form-offer').count(), 0);
    assert.deepEqual(phoneView.problems(), []);
    await phoneView.page.context().close();
  });

  test("9. the voter stops the mail from the confirmation's stop link on the phone; the email link page then says so", async () => {
    assert.ok(stopFromMail, 'step 4 read the confirmation');
    const { page, problems } = await phone();
    await page.goto(linkFromMail);
    assert.equal(await page.locator('main a[href$="/stop"]').count(), 1, 'the email link page offers the stop');
    const res = await page.goto(stopFromMail);
    assert.equal(res?.status(), 200, 'a GET shows a page and stops nothing by itself');
    assert.equal(await page.locator('main .usa-alert--success').count(), 0, 'not stopped by the GET');
    await assertFits(page, 'the stop page');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type="submit"]').click()]);
    await page.locator('main .usa-alert--success').waitFor({ timeout: 5000 });
    await page.goto(linkFromMail);
    assert.equal(await page.locator('main a[href$="/stop"]').count(), 0, 'the email link page says the mail is stopped, no stop link');
    assert.deepEqual(problems(), []);
    await page.context().close();
    // Past the last reminder's day (+10): nothing more arrives (though, the form downloaded, no
    // last reminder was due anyway: the mail suite proves the stop holds back due reminders).
    clock.advance(4 * DAY_MS);
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(
      messagesTo(mta!.maildir, email)
        .filter((m) => !seen.has(m.file))
        .map((m) => m.subject),
      [],
      'no mail after the stop',
    );
  });
});
