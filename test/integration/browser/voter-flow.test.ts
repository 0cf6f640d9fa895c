// The voter flow in real headless Chromium, as voters use it: on a 320 px phone with the
// keyboard only, in Spanish with a switch of language half-way, with mistakes, with answers
// that stop them, coming back later from another device, and Enter in a field (which continues,
// in the page's language). axe-core checks every page, and a partner's survey section on the
// party step.
// Needs a build (dist/) and /usr/bin/chromium; run with test/integration/browser/run.sh.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../server/clock.js';
import { openDb, sqliteFileIn } from '../../../server/db/connect.js';
import { resolveAppKey } from '../../../server/security/app-key.js';
import { createFieldCipher, isSealedValue } from '../../../server/security/field-cipher.js';
import { emptySettings, PartnerQuestions } from '../../../server/partners/questions.js';
import { PartnerRecords } from '../../../server/partners/partner-records.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findOffice, officeLines } from '../../../server/offices/index.js';
import { getState } from '../../../server/states/index.js';
import { describeViolations, runAxe } from '../../support/browser/axe.js';
import { chromiumMissing, DESKTOP, launchBrowser, MOBILE } from '../../support/browser/browser.js';
import { mainText, overflowing, text, watchContext } from '../../support/browser/page-checks.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import {
  CA_VOTER,
  chooseOption,
  chooseRadio,
  completeSteps,
  ENTER_FIELD,
  fillAddresses,
  fillEligibility,
  fillId,
  fillName,
  fillParty,
  fillStep,
  FORM_STEPS,
  openSectionOf,
  setCheckbox,
  start,
  stepOf,
  submit,
  submitWithKeyboard,
  tabTo,
  tick,
  tokenOf,
  TX_VOTER,
  typeInto,
  valuesOf,
  type Voter,
} from '../../support/browser/voter.js';

const missing = chromiumMissing();
if (missing) process.stdout.write(`# browser tests skipped: ${missing}\n`);

// The PDF is rendered by a job worker; the done page refreshes every 2 s until it is ready.
const PDF_WAIT_MS = 30_000;

/**
 * A date of birth 15 and a half years before today: too young for California (from 16) and
 * Texas (from 17 years 10 months) to take the form, so the voter meets the under-18 stop page
 * and its "remind me" offer (answering "no" to 18 by election day alone no longer stops anyone:
 * the state's rule is applied to the date of birth on the name step).
 */
function fifteenAndAHalf(): Voter['dob'] {
  const born = new Date(Date.now() - (15 * 365.25 + 182) * 86_400_000);
  return { month: String(born.getUTCMonth() + 1), day: String(born.getUTCDate()), year: String(born.getUTCFullYear()) };
}

describe('voter flow in headless Chromium', { skip: missing ?? false }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    const alive = server?.alive();
    const logs = server?.logs() ?? '';
    await server?.stop();
    assert.ok(alive !== false, `the server died during the tests:\n${logs}`);
  });

  /** A fresh browser profile (no cookies, no history), as a new device would be. */
  async function newContext(
    viewport: { width: number; height: number },
    options: { bypassCSP?: boolean; javaScriptEnabled?: boolean } = {},
  ) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true, ...options });
    contexts.push(context);
    const watcher = watchContext(context);
    const page = await context.newPage();
    return { context, page, watcher };
  }

  /** How many PDF render jobs the server has queued so far (read from its SQLite file). */
  async function renderJobs(): Promise<number> {
    const db = openDb({ sqliteFile: sqliteFileIn(server.dataDir) });
    try {
      const [row] = (await db('jobs').where({ kind: 'render_pdf' }).count({ n: '*' })) as Array<{ n: number }>;
      return Number(row?.n);
    } finally {
      await db.destroy();
    }
  }

  /** Waits (through the page's own meta refreshes) for the PDF link; fails with the server's log. */
  async function waitForPdfLink(page: Page): Promise<string> {
    try {
      await page.locator('#download-pdf').waitFor({ timeout: PDF_WAIT_MS });
    } catch (error) {
      assert.fail(
        `no PDF link after ${PDF_WAIT_MS / 1000} s on ${page.url()}: ${(error as Error).message.split('\n')[0]}\nserver log:\n${server.logs()}`,
      );
    }
    const href = await page.getAttribute('#download-pdf', 'href');
    assert.match(href ?? '', /^\/pdf\/[A-Za-z0-9_-]{22,}$/, 'the PDF link carries an unguessable token');
    return href!;
  }

  async function assertFits(page: Page, where: string) {
    assert.deepEqual(await overflowing(page), [], `${where}: nothing may stick out sideways at ${page.viewportSize()?.width} px`);
  }

  /** The focused element shows a focus ring (outline) a sighted keyboard user can follow. */
  async function assertFocusVisible(page: Page, where: string) {
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const s = getComputedStyle(el);
      return { tag: el.tagName, outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow };
    });
    assert.ok(
      ring && ((ring.outline.split(' ')[0] !== 'none' && ring.outline.split(' ')[1] !== '0px') || ring.shadow !== 'none'),
      `${where}: the focused ${ring?.tag} shows no focus ring (${JSON.stringify(ring)})`,
    );
  }

  // -------------------------------------------------------------------------------------------
  test('a. English, 320 px wide, keyboard only: a California voter gets the PDF', async () => {
    const { page, context, watcher } = await newContext(MOBILE);
    const v = CA_VOTER;
    await page.goto(`${server.baseUrl}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await assertFits(page, 'start');

    // The first Tab reaches "Skip to main content", and it works.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'usa-skipnav', 'the first Tab stop is the skip link');
    await assertFocusVisible(page, 'skip link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main-content');

    await tabTo(page, 'main form button[type="submit"]');
    await assertFocusVisible(page, 'Start now');
    await Promise.all([page.waitForURL(/\/eligibility$/), page.keyboard.press('Enter')]);
    const token = tokenOf(page.url());

    // Eligibility
    await assertFits(page, 'eligibility');
    await chooseRadio(page, 'usCitizen', v.usCitizen);
    await chooseRadio(page, 'eighteenByElectionDay', v.eighteenByElectionDay);
    await typeInto(page, 'zip', v.zip);
    await assertFocusVisible(page, 'ZIP box');
    await typeInto(page, 'email', v.email);
    let res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200);
    assert.equal(stepOf(page.url()), 'name');

    // Name, date of birth, phone (accents typed as a phone keyboard would send them)
    await assertFits(page, 'name');
    await chooseOption(page, 'title', 'Ms.');
    await typeInto(page, 'firstName', v.firstName);
    await typeInto(page, 'middleName', v.middleName ?? '');
    await typeInto(page, 'lastName', v.lastName);
    await typeInto(page, 'dateOfBirth.month', v.dob.month);
    await typeInto(page, 'dateOfBirth.day', v.dob.day);
    await typeInto(page, 'dateOfBirth.year', v.dob.year);
    await typeInto(page, 'phone', v.phone ?? '');
    res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200);
    assert.equal(stepOf(page.url()), 'addresses');

    // Addresses: the ZIP from eligibility and its state are already filled in.
    await assertFits(page, 'addresses');
    assert.deepEqual(await valuesOf(page, ['homeAddress.zip', 'homeAddress.state']), {
      'homeAddress.zip': v.zip,
      'homeAddress.state': 'CA',
    });
    await typeInto(page, 'homeAddress.street', v.street);
    await typeInto(page, 'homeAddress.unit', v.unit ?? '');
    await typeInto(page, 'homeAddress.city', v.city);
    // A mailing address, with the keyboard: open its section, tick the box, pick the state with the arrows.
    await openSectionOf(page, 'hasMailingAddress');
    await assertFocusVisible(page, 'the mailing address section');
    await setCheckbox(page, 'hasMailingAddress', true);
    await typeInto(page, 'mailingAddress.street', 'PO Box 1234');
    await typeInto(page, 'mailingAddress.city', 'Sacramento');
    await chooseOption(page, 'mailingAddress.state', 'CA');
    await typeInto(page, 'mailingAddress.zip', '95812');
    res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200, `addresses accepted: ${await mainText(page).then((t) => t.slice(0, 300))}`);
    assert.equal(stepOf(page.url()), 'id');

    // ID: the state's rule in words is the hint; the choices are radios; the licence field shows once chosen.
    await assertFits(page, 'id');
    assert.ok((await mainText(page)).includes(getState('CA')!.idNumber.ask.en), 'the CA ID rule is shown');
    assert.ok((await mainText(page)).includes(getState('CA')!.idNumber.noneText.en), 'what "none" means in CA is shown');
    assert.equal(await page.isVisible('[name="stateIdNumber"]'), false, 'no number field before a choice');
    await chooseRadio(page, 'idType', 'state_id');
    assert.equal(await page.isVisible('[name="ssnLast4"]'), false, 'the last-four field stays hidden for the licence choice');
    await typeInto(page, 'stateIdNumber', v.idNumber);
    res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200);
    assert.equal(stepOf(page.url()), 'party');

    // Party (California requires one)
    await assertFits(page, 'party');
    await chooseRadio(page, 'party', v.party!);
    res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200);
    assert.equal(stepOf(page.url()), 'review');

    // Review shows the answers; the oath box is ticked with Space.
    await assertFits(page, 'review');
    const review = await mainText(page);
    for (const expected of [
      v.email,
      'Ms. María Elena López',
      '1020 N Street, 4B, Sacramento, CA 95814',
      'PO Box 1234',
      v.idNumber,
      'Democratic',
    ]) {
      assert.ok(review.includes(expected), `review shows "${expected}"`);
    }
    await setCheckbox(page, 'attest', true);
    res = await submitWithKeyboard(page);
    assert.equal(res.status(), 200);
    assert.equal(stepOf(page.url()), 'done');
    assert.equal(tokenOf(page.url()), token);

    // Done: the page refreshes itself until the PDF is ready; then Tab to the link, Enter.
    const href = await waitForPdfLink(page);
    await assertFits(page, 'done');
    const done = await mainText(page);
    // The voter's county office (home ZIP 95814: Sacramento County), server/offices/.
    assert.ok(done.includes('SACRAMENTO, CA 95823') && done.includes('Registrar of Voters'), 'the office address to mail to');
    await tabTo(page, '#download-pdf');
    await assertFocusVisible(page, 'PDF link');
    // Chromium shows the PDF in its viewer (or downloads it where it has none).
    const [pdf] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === href), page.keyboard.press('Enter')]);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
    // The bytes, fetched with the same profile (what the viewer received).
    const again = await context.request.get(`${server.baseUrl}${href}`);
    assert.equal(again.status(), 200);
    assert.match(again.headers()['content-type'] ?? '', /^application\/pdf/);
    const bytes = await again.body();
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(bytes.length > 10_000, `a real form, not a stub (${bytes.length} bytes)`);
    assert.deepEqual(watcher.problems(), []);
    assert.doesNotMatch(done, /\.\./, 'no doubled full stop on the done page (the deadline)');
  });

  // -------------------------------------------------------------------------------------------
  test('b. Spanish, desktop, JavaScript off: a Texas voter switches language half-way and keeps every answer', async () => {
    const { page, watcher } = await newContext(DESKTOP, { javaScriptEnabled: false });
    const v = TX_VOTER;
    const lang = async () => page.getAttribute('html', 'lang');
    const switchLanguage = async (to: 'en' | 'es') => {
      // A link on most pages; on a step, a button that submits the step's form (keeping what was typed).
      const link = page.locator('.rc-lang, .rc-lang-button');
      assert.equal(await link.getAttribute('lang'), to);
      await Promise.all([page.waitForURL(new RegExp(`lang=${to}`)), link.click()]);
      assert.equal(await lang(), to, `the page is now in ${to}`);
    };

    await start(page, server.baseUrl, 'es');
    assert.equal(await lang(), 'es');
    assert.ok((await mainText(page)).includes(text('es', 'fields.usCitizen')), 'Spanish eligibility question');
    await fillEligibility(page, v);
    await submit(page);
    await fillName(page, v);
    await submit(page);
    assert.equal(stepOf(page.url()), 'addresses');
    assert.equal(await lang(), 'es');

    // Switch to English on the addresses page: the ZIP and state from eligibility are still there…
    await switchLanguage('en');
    assert.ok((await mainText(page)).includes(text('en', 'sections.home')));
    assert.deepEqual(await valuesOf(page, ['homeAddress.zip', 'homeAddress.state']), {
      'homeAddress.zip': v.zip,
      'homeAddress.state': 'TX',
    });
    // …and going back, the name step (now in English: the choice is remembered) has the answers.
    await Promise.all([page.waitForURL(/\/name$/), page.click('a.usa-button--outline')]);
    assert.equal(await lang(), 'en', 'the language choice is remembered on the next page');
    const nameFields = ['firstName', 'lastName', 'dateOfBirth.month', 'dateOfBirth.day', 'dateOfBirth.year'];
    const expectedName = {
      firstName: v.firstName,
      lastName: v.lastName,
      'dateOfBirth.month': v.dob.month,
      'dateOfBirth.day': v.dob.day,
      'dateOfBirth.year': v.dob.year,
    };
    assert.deepEqual(await valuesOf(page, nameFields), expectedName);
    // Back to Spanish on the same page: still there.
    await switchLanguage('es');
    assert.deepEqual(await valuesOf(page, nameFields), expectedName);
    await submit(page);
    await fillAddresses(page, v);
    await submit(page);
    assert.equal(stepOf(page.url()), 'id');
    assert.ok((await mainText(page)).includes(getState('TX')!.idNumber.ask.es), 'the TX ID rule in Spanish');
    await fillId(page, v);
    await submit(page);
    assert.equal(stepOf(page.url()), 'party');
    const partyEs = getState('TX')!.parties.find((p) => p.key === v.party)!.label;
    assert.ok((await mainText(page)).includes(partyEs.es), 'party names in Spanish');
    await fillParty(page, v);
    await submit(page);
    assert.equal(stepOf(page.url()), 'review');

    // Review in both languages: the same answers, each in the page's language.
    let review = await mainText(page);
    for (const expected of [
      v.firstName,
      v.lastName,
      '301 Congress Ave, Austin, TX 78701',
      v.idNumber,
      partyEs.es,
      text('es', 'race.hispanic'),
    ])
      assert.ok(review.includes(expected), `Spanish review shows "${expected}"`);
    await switchLanguage('en');
    review = await mainText(page);
    for (const expected of [partyEs.en, text('en', 'race.hispanic'), v.idNumber])
      assert.ok(review.includes(expected), `English review shows "${expected}"`);
    await switchLanguage('es');
    await tick(page, '[name="attest"]');
    await submit(page);
    assert.equal(stepOf(page.url()), 'done');
    assert.equal(await lang(), 'es');
    const href = await waitForPdfLink(page);
    const done = await mainText(page);
    assert.ok(done.includes(text('es', 'done.download')), 'Spanish done page');
    // The voter's own county office (Travis County for 78701), the one the PDF's mailer is addressed to.
    const office = findOffice({ state: 'TX', zip: v.zip, city: v.city });
    assert.equal(office.kind, 'office', 'the data decides 78701');
    if (office.kind === 'office')
      for (const line of officeLines(office.office)) assert.ok(done.includes(line), `the county office line "${line}" on the done page`);
    assert.ok(done.includes(getState('TX')!.deadline.es), 'the Texas deadline in Spanish');
    const pdf = await page.context().request.get(`${server.baseUrl}${href}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(watcher.problems(), []);
    assert.doesNotMatch(done, /\.\./, 'no doubled full stop on the done page (the deadline)');
  });

  // -------------------------------------------------------------------------------------------
  test('c. mistakes: 422, an error summary linking to each field, fields marked, values kept', async () => {
    const { page, watcher } = await newContext(DESKTOP);
    await start(page, server.baseUrl, 'en');
    const problems: string[] = [];
    const check = (ok: boolean, message: string) => {
      if (!ok) problems.push(message);
    };

    /** Every promise the error summary makes, on the page as it is now (field ids; the date links to its month box). */
    async function checkErrorState(where: string, expectedFields: string[]) {
      assert.match(
        await page.title(),
        new RegExp(`^${text('en', 'common.errorTitlePrefix')}`),
        `${where}: the title says there is an error`,
      );
      const summary = page.locator('#error-summary');
      assert.equal(await summary.count(), 1, `${where}: an error summary`);
      // At the top: before the form, above it on screen.
      const order = await page.evaluate(() => {
        const s = document.getElementById('error-summary')!;
        const form = document.querySelector('main form')!;
        return {
          before: Boolean(s.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING),
          top: s.getBoundingClientRect().top,
          formTop: form.getBoundingClientRect().top,
        };
      });
      check(order.before && order.top < order.formTop, `${where}: the error summary is above the form`);
      check(
        (await summary.getAttribute('role')) === 'alert' || (await summary.getAttribute('tabindex')) === '-1',
        `${where}: the error summary is announced or focusable`,
      );
      const links = await summary
        .locator('a')
        .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent?.trim() ?? '' })));
      const targets = links.map((l) => l.href.replace(/^#/, ''));
      assert.deepEqual(targets.sort(), [...expectedFields].sort(), `${where}: one summary link per error`);

      for (const link of links) {
        const id = link.href.slice(1);
        // Follow the link with the keyboard: focus lands on the field itself.
        await tabTo(page, `#error-summary a[href="${link.href}"]`);
        await page.keyboard.press('Enter');
        await page.waitForFunction((h) => location.hash === h, link.href);
        const focused = await page.evaluate(() => document.activeElement?.id ?? '');
        check(focused === id, `${where}: the summary link "${link.text}" moves focus to #${id} (focus on #${focused})`);
        // The field says it is invalid and points at its message.
        const field = await page.evaluate((fid) => {
          const el = document.getElementById(fid) as HTMLInputElement | null;
          if (!el) return null;
          const group = el.type === 'radio' || el.type === 'checkbox' || el.closest('.usa-memorable-date') ? el.closest('fieldset') : null;
          const describedBy = `${el.getAttribute('aria-describedby') ?? ''} ${group?.getAttribute('aria-describedby') ?? ''}`
            .trim()
            .split(/\s+/);
          const messages = describedBy
            .map((d) => document.getElementById(d))
            .filter((m) => m?.classList.contains('usa-error-message'))
            .map((m) => m!.textContent!.trim());
          return { type: el.type, invalid: el.getAttribute('aria-invalid'), messages };
        }, id);
        if (!field) {
          problems.push(`${where}: summary link #${id} points at nothing`);
          continue;
        }
        // Radios: the group carries the message (aria-invalid is not defined for a radio).
        if (field.type !== 'radio') check(field.invalid === 'true', `${where}: #${id} has aria-invalid="true" (has ${field.invalid})`);
        check(
          field.messages.includes(link.text),
          `${where}: #${id} is described by its error message "${link.text}" (described by ${JSON.stringify(field.messages)})`,
        );
      }
    }

    // An empty eligibility step.
    let res = await submit(page);
    assert.equal(res.status(), 422);
    assert.equal(stepOf(page.url()), 'eligibility');
    await checkErrorState('eligibility (empty)', ['usCitizen', 'eighteenByElectionDay', 'zip', 'email']);

    // Half right: what was typed stays, only what is wrong is flagged.
    await page.goto(page.url().replace(/#.*$/, ''));
    await fillEligibility(page, { ...CA_VOTER, zip: '9581', email: 'maria@' });
    res = await submit(page);
    assert.equal(res.status(), 422);
    assert.deepEqual(await valuesOf(page, ['usCitizen', 'eighteenByElectionDay', 'zip', 'email']), {
      usCitizen: 'yes',
      eighteenByElectionDay: 'yes',
      zip: '9581',
      email: 'maria@',
    });
    await checkErrorState('eligibility (bad ZIP and email)', ['zip', 'email']);

    await page.goto(page.url().replace(/#.*$/, ''));
    await fillEligibility(page, CA_VOTER);
    await submit(page);
    assert.equal(stepOf(page.url()), 'name');

    // The name step empty, then with an impossible date and HTML in a name.
    res = await submit(page);
    assert.equal(res.status(), 422);
    await checkErrorState('name (empty)', ['firstName', 'lastName', 'dateOfBirth-month']);
    await page.goto(page.url().replace(/#.*$/, ''));
    await fillName(page, { ...CA_VOTER, firstName: 'María', lastName: '<b>López</b>', dob: { month: '2', day: '30', year: '1990' } });
    res = await submit(page);
    assert.equal(res.status(), 422);
    assert.deepEqual(await valuesOf(page, ['firstName', 'lastName', 'dateOfBirth.month', 'dateOfBirth.day', 'dateOfBirth.year', 'phone']), {
      firstName: 'María',
      lastName: '<b>López</b>',
      'dateOfBirth.month': '2',
      'dateOfBirth.day': '30',
      'dateOfBirth.year': '1990',
      phone: CA_VOTER.phone!,
    });
    assert.equal(await page.locator('main b').count(), 0, 'HTML typed in a name is shown as text, never as markup');
    await checkErrorState('name (HTML in the last name, 30 February)', ['lastName', 'dateOfBirth-month']);

    // Addresses: a folded section ticked but left empty opens with its errors, and the summary reaches them.
    await page.goto(page.url().replace(/#.*$/, ''));
    await fillName(page, CA_VOTER);
    await submit(page);
    assert.equal(stepOf(page.url()), 'addresses');
    await fillAddresses(page, CA_VOTER);
    await page.click('details:has([name="changedName"]) > summary');
    await tick(page, '[name="changedName"]');
    res = await submit(page);
    assert.equal(res.status(), 422);
    assert.deepEqual(await valuesOf(page, ['homeAddress.street', 'homeAddress.city', 'changedName']), {
      'homeAddress.street': CA_VOTER.street,
      'homeAddress.city': CA_VOTER.city,
      changedName: 'yes',
    });
    await checkErrorState('addresses (name change ticked, left empty)', ['previousName-firstName', 'previousName-lastName']);
    await page.goto(
      page
        .url()
        .replace(/#.*$/, '')
        .replace(/addresses$/, 'name'),
    );

    // The same in Spanish: the messages are Spanish.
    await page.goto(`${page.url().replace(/#.*$/, '')}?lang=es`);
    await page.fill('[name="firstName"]', '');
    res = await submit(page);
    assert.equal(res.status(), 422);
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.equal(await page.locator('#error-summary-title').innerText(), text('es', 'common.errorSummaryTitle'));

    assert.deepEqual(problems, [], `error-state problems:\n${problems.join('\n')}`);
    assert.deepEqual(watcher.problems(), []);
  });

  // -------------------------------------------------------------------------------------------
  test('d. axe-core finds no violations on any voter page, in English and Spanish, errors included; each offers the other language', async () => {
    const found: string[] = [];
    const seen: string[] = [];
    for (const [lang, viewport, v] of [
      ['en', MOBILE, CA_VOTER],
      ['es', DESKTOP, TX_VOTER],
    ] as const) {
      // axe is injected as a script tag, which the app's strict CSP (rightly) refuses.
      const { page } = await newContext(viewport, { bypassCSP: true });
      const audit = async (name: string) => {
        const where = `${lang} ${viewport.width}px ${name}`;
        seen.push(where);
        found.push(...describeViolations(where, await runAxe(page)));
        assert.equal(await page.getAttribute('html', 'lang'), lang, `${where}: <html lang>`);
        // Every voter page offers the other language (the 404 page has no registration to switch).
        if (!name.includes('404'))
          assert.equal(
            await page.getAttribute('.rc-lang, .rc-lang-button', 'lang'),
            lang === 'en' ? 'es' : 'en',
            `${where}: a language switch`,
          );
      };
      await page.goto(`${server.baseUrl}/${lang === 'es' ? '?lang=es' : ''}`);
      await audit('start');
      await start(page, server.baseUrl, lang);
      const steps = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'] as const;
      for (const [i, step] of steps.entries()) {
        assert.equal(stepOf(page.url()), step);
        await audit(step);
        // The error state: the step sent empty (TX's party step has nothing required: skip; the ID step has no choice made yet).
        if (step === 'addresses') await page.fill('[name="homeAddress.street"]', '');
        if (!(step === 'party' && v === TX_VOTER)) {
          const res = await submit(page);
          assert.equal(res.status(), 422, `${lang} ${step} sent empty is refused`);
          await audit(`${step} with errors`);
        }
        await completeSteps(page, v, i + 1 < steps.length ? (steps[i + 1] as 'name') : 'done');
      }
      await waitForPdfLink(page);
      await audit('done');
      for (const [name, answers] of [
        ['stop: not a citizen', { ...v, usCitizen: 'no' }],
        ['stop: under 18', { ...v, eighteenByElectionDay: 'no' }],
        ['stop: North Dakota', { ...v, zip: '58501' }],
      ] as const) {
        await start(page, server.baseUrl, lang);
        await fillEligibility(page, answers);
        await submit(page);
        if (name === 'stop: under 18') {
          await fillName(page, { ...v, dob: fifteenAndAHalf() });
          await submit(page);
          assert.equal(stepOf(page.url()), 'stop', `${lang}: a 15-year-old meets the under-18 stop page`);
        }
        await audit(name);
      }
      await page.goto(`${server.baseUrl}/r/${'x'.repeat(43)}/eligibility?lang=${lang}`);
      await audit('link not valid (404)');
    }
    assert.equal(seen.length, 2 * 18 - 1, `pages audited:\n${seen.join('\n')}`);
    assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
  });

  // -------------------------------------------------------------------------------------------
  test('e. stop pages at 320 px: not a citizen, under 18 (the state rule), North Dakota (no form, the office)', async () => {
    const { page, watcher } = await newContext(MOBILE);
    const problems: string[] = [];
    const check = (ok: boolean, message: string) => {
      if (!ok) problems.push(message);
    };
    const fits = async (where: string) => {
      for (const o of await overflowing(page)) problems.push(`${where} at 320 px: sticks out: ${o}`);
    };
    const stopAt = async (lang: 'en' | 'es', answers: Voter) => {
      await start(page, server.baseUrl, lang);
      await fillEligibility(page, answers);
      const res = await submit(page);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('main form').count(), 0, 'a stop page has no form to continue');
      assert.equal(await page.locator('#download-pdf').count(), 0, 'and no PDF');
      return mainText(page);
    };

    for (const lang of ['en', 'es'] as const) {
      // Not a citizen: a clear explanation, no form, a way back to change the answer.
      let body = await stopAt(lang, { ...CA_VOTER, usCitizen: 'no' });
      assert.equal(await page.locator('h1').innerText(), text(lang, 'stop.not_citizen.title'));
      assert.ok(body.includes(text(lang, 'stop.not_citizen.body')));
      assert.match((await page.getAttribute('main a.usa-button', 'href')) ?? '', /\/eligibility$/, 'a way back to change the answer');
      await fits(`${lang} not a citizen`);
      // The registration cannot be pushed past eligibility by URL.
      const token = tokenOf(page.url());
      await page.goto(`${server.baseUrl}/r/${token}/name`);
      assert.equal(stepOf(page.url()), 'eligibility', 'no way round the stop by URL');

      // Under 18 and too young for the state's rule (given on the name step): the rule, once, as
      // a sentence; no way on; the only form is "remind me", which needs the box ticked.
      for (const [code, zip] of [
        ['CA', '95814'],
        ['TX', '78701'],
      ] as const) {
        await start(page, server.baseUrl, lang);
        await fillEligibility(page, { ...CA_VOTER, zip, eighteenByElectionDay: 'no' });
        await submit(page);
        assert.equal(stepOf(page.url()), 'name', `${lang} ${code}: "no" to 18 asks the date of birth first`);
        await fillName(page, { ...CA_VOTER, dob: fifteenAndAHalf() });
        const res = await submit(page);
        assert.equal(res.status(), 200);
        assert.equal(stepOf(page.url()), 'stop', `${lang} ${code}: a 15-year-old is stopped`);
        body = await mainText(page);
        assert.equal(await page.locator('h1').innerText(), text(lang, 'stop.under_18.title'));
        assert.equal(await page.locator('#download-pdf').count(), 0, 'no PDF');
        const forms = await page.locator('main form').evaluateAll((fs) => fs.map((f) => f.getAttribute('action') ?? ''));
        assert.equal(forms.length, 1, `${lang} ${code}: one form, to be reminded`);
        assert.match(forms[0]!, /\/remind$/);
        assert.equal(await page.isChecked('[name="consent"]'), false, 'consent is never ticked for the voter');
        const rule = getState(code)!.under18![lang];
        assert.ok(body.includes(rule), `${lang} ${code}: the state's rule "${rule}" is shown`);
        const sentence = body.slice(Math.max(0, body.indexOf(rule) - 40), body.indexOf(rule) + rule.length + 3);
        check(
          body.split(rule.slice(0, 12)).length - 1 === 1,
          `${lang} ${code} under 18: the state's rule is wrapped in a second sentence: "…${sentence}…"`,
        );
        check(!/\.\./.test(body), `${lang} ${code} under 18: a doubled full stop: "…${sentence}…"`);
        await fits(`${lang} under 18 ${code}`);
        if (code === 'TX') {
          // The voter asks to be reminded, from the keyboard: the page says when, and to whom.
          await tick(page, '[name="consent"]');
          await submitWithKeyboard(page, '#remind button[type="submit"]');
          assert.equal(stepOf(page.url()), 'stop');
          const status = (await page.locator('#remind [role="status"]').innerText()).trim();
          assert.ok(status.includes(CA_VOTER.email), `${lang}: the reminder is confirmed, to the address given: "${status}"`);
          await fits(`${lang} under 18 reminder scheduled`);
        }
      }

      // North Dakota refuses the federal form: the reason, the office address, no form.
      body = await stopAt(lang, { ...CA_VOTER, zip: '58501' });
      const nd = getState('ND')!;
      assert.equal(await page.locator('h1').innerText(), text(lang, 'stop.state_refuses.title'));
      assert.ok(body.includes(nd.refusalReason![lang]), `${lang}: why North Dakota has no form`);
      for (const line of nd.office.mailingAddress) assert.ok(body.includes(line), `${lang}: office address line "${line}"`);
      await fits(`${lang} North Dakota`);
      await page.goto(`${server.baseUrl}/r/${tokenOf(page.url())}`);
      assert.equal(stepOf(page.url()), 'eligibility', 'resuming a refused registration goes back to eligibility');
    }
    assert.deepEqual(problems, [], `stop-page problems:\n${problems.join('\n')}`);
    assert.deepEqual(watcher.problems(), []);
  });

  // -------------------------------------------------------------------------------------------
  test('f. resume: leave after the name step, come back on another device, continue where you left; a triple tap makes one form', async () => {
    const first = await newContext(MOBILE);
    const token = await start(first.page, server.baseUrl, 'es');
    await completeSteps(first.page, TX_VOTER, 'addresses');
    assert.equal(stepOf(first.page.url()), 'addresses');
    await first.context.close();

    // A new profile: no cookies, nothing but the link.
    const { page, watcher } = await newContext(DESKTOP);
    await page.goto(`${server.baseUrl}/r/${token}`);
    assert.equal(stepOf(page.url()), 'addresses', 'lands on the first incomplete step');
    assert.equal(await page.getAttribute('html', 'lang'), 'es', 'in the language the voter chose');
    assert.equal(await page.locator('.usa-step-indicator__current-step').innerText(), '3');
    assert.deepEqual(await valuesOf(page, ['homeAddress.zip', 'homeAddress.state']), {
      'homeAddress.zip': TX_VOTER.zip,
      'homeAddress.state': 'TX',
    });
    // Skipping ahead by URL is refused; the earlier answers are all there.
    await page.goto(`${server.baseUrl}/r/${token}/review`);
    assert.equal(stepOf(page.url()), 'addresses', 'no skipping ahead');
    await Promise.all([page.waitForURL(/\/name$/), page.click('a.usa-button--outline')]);
    assert.deepEqual(await valuesOf(page, ['firstName', 'lastName', 'dateOfBirth.month', 'dateOfBirth.day', 'dateOfBirth.year']), {
      firstName: TX_VOTER.firstName,
      lastName: TX_VOTER.lastName,
      'dateOfBirth.month': TX_VOTER.dob.month,
      'dateOfBirth.day': TX_VOTER.dob.day,
      'dateOfBirth.year': TX_VOTER.dob.year,
    });
    await Promise.all([page.waitForURL(/\/eligibility$/), page.click('a.usa-button--outline')]);
    assert.deepEqual(await valuesOf(page, ['usCitizen', 'eighteenByElectionDay', 'zip', 'email']), {
      usCitizen: 'yes',
      eighteenByElectionDay: 'yes',
      zip: TX_VOTER.zip,
      email: TX_VOTER.email,
    });
    // And the new device can carry on (its form tokens are valid).
    await page.goto(`${server.baseUrl}/r/${token}`);
    await completeSteps(page, TX_VOTER, 'review');
    assert.equal(stepOf(page.url()), 'review');

    // An impatient triple tap on "Create my form" (three posts at once): one registration, one PDF job.
    const jobsBefore = await renderJobs();
    const form = { _csrf: (await page.getAttribute('input[name="_csrf"]', 'value'))!, attest: 'yes' };
    const taps = await Promise.all(
      [1, 2, 3].map(() => page.context().request.post(page.url(), { form, maxRedirects: 0, headers: { origin: server.baseUrl } })),
    );
    assert.deepEqual(
      taps.map((r) => `${r.status()} ${r.headers().location}`),
      taps.map(() => `303 /r/${token}/done`),
    );
    assert.equal((await renderJobs()) - jobsBefore, 1, 'exactly one render_pdf job');
    await page.goto(`${server.baseUrl}/r/${token}`);
    assert.equal(stepOf(page.url()), 'done');
    await waitForPdfLink(page);
    // A link that never existed is a clear 404, not a crash.
    const res = await page.goto(`${server.baseUrl}/r/${token.slice(0, -4)}AAAA`);
    assert.equal(res?.status(), 404);
    assert.deepEqual(watcher.problems(), []);
  });

  // -------------------------------------------------------------------------------------------
  test("g. a partner's survey section on the party step: axe finds nothing in English (320 px) and Spanish, error state included; it fits at 320 px; the exact texts are recorded", async () => {
    const db = openDb({ sqliteFile: sqliteFileIn(server.dataDir) });
    const settings = emptySettings();
    settings.questions.en = ['Which issue matters most to you this year?', 'How did you hear about us?'];
    settings.questions.es = ['¿Qué tema le importa más este año?', ''];
    settings.optins.email = {
      on: true,
      consent: {
        en: 'Yes, Vote Club may email me. I can unsubscribe at any time.',
        es: 'Sí, Vote Club puede enviarme correos. Puedo darme de baja cuando quiera.',
      },
    };
    settings.optins.sms = {
      on: true,
      consent: {
        en: 'Yes, Vote Club may text me. Reply STOP to stop.',
        es: 'Sí, Vote Club puede enviarme mensajes de texto. Responda STOP para dejarlos.',
      },
    };
    let partnerId = '';
    try {
      partnerId = (await new PartnerRecords(db, systemClock).create('Vote Club', null)).partner.id;
      await new PartnerQuestions(db, systemClock).save(partnerId, settings);
    } finally {
      await db.destroy();
    }
    const found: string[] = [];
    const problems: string[] = [];
    for (const [lang, viewport] of [
      ['en', MOBILE],
      ['es', DESKTOP],
    ] as const) {
      const { page, watcher } = await newContext(viewport, { bypassCSP: true });
      const audit = async (where: string) => {
        found.push(...describeViolations(`${lang} ${viewport.width}px ${where}`, await runAxe(page)));
        for (const o of await overflowing(page)) problems.push(`${lang} ${viewport.width}px ${where}: sticks out: ${o}`);
      };
      await page.goto(`${server.baseUrl}/?partner=${partnerId}&lang=${lang}`);
      await submit(page, 'main form button[type="submit"]');
      await completeSteps(page, { ...CA_VOTER, phone: '' }, 'party');
      assert.equal(
        await page.locator('#survey legend').first().innerText(),
        `${text(lang, 'survey.heading', { name: 'Vote Club' })} ${text(lang, 'common.optional')}`,
      );
      await audit('party with the survey');
      await fillParty(page, CA_VOTER);
      await page.fill('[name="survey.q1"]', lang === 'en' ? 'Clean water' : 'El agua');
      await tick(page, '[name="survey.smsOptin"]');
      const refused = await submit(page);
      assert.equal(refused.status(), 422, `${lang}: SMS without a phone is refused`);
      assert.equal(await page.locator('#error-summary a[href="#survey-smsPhone"]').innerText(), text(lang, 'errors.sms_needs_phone'));
      await audit('party with the survey, SMS error');
      await page.fill('[name="survey.smsPhone"]', '202 555 0123');
      await submit(page);
      assert.equal(stepOf(page.url()), 'review');
      assert.deepEqual(watcher.problems(), []);
    }
    assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
    assert.deepEqual(problems, [], problems.join('\n'));
    const check = openDb({ sqliteFile: sqliteFileIn(server.dataDir) });
    try {
      const rows = (await check('registration_survey as s')
        .join('registrations as r', 'r.id', 's.registration_id')
        .where('r.partner_id', partnerId)
        .select('s.item', 's.lang', 's.prompt', 's.phone')
        .orderBy(['r.id', 's.item'])) as Array<{ item: string; lang: string; prompt: string; phone: string | null }>;
      for (const lang of ['en', 'es'] as const) {
        const mine = rows.filter((r) => r.lang === lang);
        assert.deepEqual(
          mine.map((r) => [r.item, r.prompt]),
          [
            ['email_optin', settings.optins.email.consent[lang]],
            ['question_1', settings.questions[lang][0]],
            ['sms_optin', settings.optins.sms.consent[lang]],
          ],
          `${lang}: the texts recorded are the ones shown`,
        );
        // Sealed at rest (ASVS 6.1.1) under the key the server generated in its data directory.
        const phone = mine.find((r) => r.item === 'sms_optin')?.phone ?? '';
        assert.ok(isSealedValue(phone), `${lang}: the SMS number is stored sealed`);
        const cipher = createFieldCipher(resolveAppKey(undefined, server.dataDir, () => {}));
        assert.equal(cipher.decrypt(phone), '202 555 0123');
      }
    } finally {
      await check.destroy();
    }
  });

  // -------------------------------------------------------------------------------------------
  test('h. Enter in a field (or Go on a phone keyboard) saves and continues on every step, in English and Spanish; it never switches the language', async () => {
    for (const [lang, viewport] of [
      ['en', MOBILE],
      ['es', DESKTOP],
    ] as const) {
      const { page, watcher } = await newContext(viewport);
      const pressEnterIn = async (selector: string) => {
        await page.focus(selector);
        const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        assert.ok(res, 'Enter navigated');
        return res;
      };
      await start(page, server.baseUrl, lang);
      for (const [i, step] of FORM_STEPS.slice(0, 5).entries()) {
        const field = ENTER_FIELD[step as keyof typeof ENTER_FIELD];
        // Nothing (or not enough) filled in: Enter shows this step's errors, in this language.
        let res = await pressEnterIn(field);
        assert.equal(
          `${stepOf(page.url())} ${await page.getAttribute('html', 'lang')} ${res.status()}`,
          `${step} ${lang} 422`,
          `${lang} ${step}: Enter on the empty step shows its errors in the same language`,
        );
        assert.equal(await page.locator('#error-summary-title').innerText(), text(lang, 'common.errorSummaryTitle'));
        // Filled in: Enter saves the step and opens the next, in this language.
        await fillStep(page, step, CA_VOTER);
        res = await pressEnterIn(field);
        assert.equal(
          `${stepOf(page.url())} ${await page.getAttribute('html', 'lang')} ${res.status()}`,
          `${FORM_STEPS[i + 1]} ${lang} 200`,
          `${lang} ${step}: Enter in ${field} saves and continues in the same language`,
        );
      }
      // The switch still works, by keyboard, and keeps what was typed on the step.
      await page.goto(page.url().replace(/review$/, 'name'));
      await page.fill('[name="middleName"]', 'Typed');
      await tabTo(page, '.rc-lang-button');
      const other = lang === 'en' ? 'es' : 'en';
      await Promise.all([page.waitForURL(new RegExp(`lang=${other}`)), page.keyboard.press('Enter')]);
      assert.equal(await page.getAttribute('html', 'lang'), other, 'the language switch, pressed, switches');
      assert.equal(await page.inputValue('[name="middleName"]'), 'Typed', 'and keeps what was typed');
      assert.deepEqual(watcher.problems(), []);
    }
  });
});
