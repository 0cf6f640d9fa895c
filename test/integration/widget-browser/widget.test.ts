// The widget in real headless Chromium, as a partner's web person uses it: a plain HTML page on
// another site (localhost, not Rollcall's 127.0.0.1) pastes the one tag; a voter registers inside
// the iframe; the host page receives `completed` by postMessage, and the iframe grew to fit.
// A page on an origin the partner did not declare gets no flow (CSP frame-ancestors) and no events.
// On a phone and a desktop, inline and in button mode: every step, the done page, and the PDF
// opening in a new tab (never inside the iframe, which it may not be); after each "Save and
// continue" the iframe's top (or the error summary) is on screen; a reload of the partner's page
// resumes the registration instead of starting another.
// Needs a build (dist/) and /usr/bin/chromium; run with test/integration/widget-browser/run.sh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { openDb, type Db, sqliteFileIn } from '../../../server/db/connect.js';
import { chromiumMissing, DESKTOP, launchBrowser } from '../../support/browser/browser.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import { CA_VOTER, fillStep, FORM_STEPS, submit, tokenOf, valuesOf } from '../../support/browser/voter.js';

const missing = chromiumMissing();
const SHOTS = process.env.WIDGET_SHOTS_DIR ?? '';
const PARTNER = 'widgettestpartner000000000000001';
/** A phone as the test's browser plays it: 375 × 667 CSS px, touch, the mobile viewport rules. */
const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
// The PDF is rendered by a job worker; the done page refreshes itself until it is ready.
const PDF_WAIT_MS = 30_000;

interface HostPage {
  origin: string;
  close(): Promise<void>;
}

/** A partner's plain HTML page, on its own loopback origin, with the one tag and a message log. */
async function hostPage(rollcall: string, hostname: string, tagAttributes: string): Promise<HostPage> {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Club page</title></head>
<body><h1>Register with the Club</h1>
<p style="max-width:40em">The Club helps its members register. It takes a few minutes; have your driver's license or the last four digits of your Social Security number at hand.</p>
<script>window.__events = []; window.__domStarted = 0; window.addEventListener('message', function (e) { window.__events.push({ origin: e.origin, data: e.data }); });
document.addEventListener('rollcall:started', function () { window.__domStarted++; });
document.addEventListener('rollcall:completed', function () { window.__domCompleted = true; });</script>
<script src="${rollcall}/widget.js" data-partner="${PARTNER}" ${tagAttributes} async></script>
<p>Footer of the partner's page.</p></body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://${hostname}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const stepOf = (frame: Frame): string => new URL(frame.url()).pathname.split('/')[3] ?? '';
const iframeHeight = (page: Page): Promise<number> =>
  page.$eval('iframe[data-rollcall]', (e) => (e as HTMLIFrameElement).getBoundingClientRect().height);

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Where the iframe's top is, in the host's viewport (0 = the top edge of the screen). */
const iframeTop = (page: Page): Promise<number> => page.$eval('iframe[data-rollcall]', (e) => e.getBoundingClientRect().top);

/** After "Save and continue": the new page's top comes on screen (widget.js scrolls the host page). */
async function assertTopInView(page: Page, where: string): Promise<void> {
  try {
    await page.waitForFunction(
      () => {
        const top = document.querySelector('iframe[data-rollcall]')!.getBoundingClientRect().top;
        return top > -1 && top < window.innerHeight / 2; // -1: scrolling lands on a fraction of a pixel
      },
      undefined,
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(
      `${where}: the iframe's top is at ${Math.round(await iframeTop(page))} px of a ${page.viewportSize()?.height} px screen: the voter lands mid-page`,
    );
  }
}

/** After a refused step: the error summary is on screen and has the focus (read out first). */
async function assertErrorSummaryInView(page: Page, frame: Frame, where: string): Promise<void> {
  await frame.waitForSelector('#error-summary');
  let seen = { top: NaN, focused: '' };
  try {
    await page.waitForFunction(
      () => {
        const top = document.querySelector('iframe[data-rollcall]')!.getBoundingClientRect().top;
        return top > -1 && top < window.innerHeight;
      },
      undefined,
      { timeout: 5_000 },
    );
  } catch {
    /* reported below */
  }
  const summaryTop = await frame.$eval('#error-summary', (e) => e.getBoundingClientRect().top);
  seen = { top: (await iframeTop(page)) + summaryTop, focused: await frame.evaluate(() => document.activeElement?.id ?? '') };
  const height = page.viewportSize()!.height;
  assert.ok(
    seen.top > -1 && seen.top < height - 60,
    `${where}: the error summary is at ${Math.round(seen.top)} px of a ${height} px screen`,
  );
  assert.equal(seen.focused, 'error-summary', `${where}: the error summary has the focus`);
}

/** Opens the done page's "Download your form": a new tab whose answer is the PDF (viewer or download). */
async function openPdf(
  page: Page,
  frame: Frame,
  keepAs = '',
): Promise<{ status: number; type: string; head: string; frameable: string; tabs: number }> {
  const context = page.context();
  const answered = context.waitForEvent('response', { predicate: (r) => new URL(r.url()).pathname.startsWith('/pdf/'), timeout: 15_000 });
  const popup = page.waitForEvent('popup', { timeout: 10_000 }).catch(() => null);
  await frame.click('#download-pdf');
  const tab = await popup;
  assert.ok(tab, `clicking "Download your form" opened no new tab (the iframe is now at ${frame.url()})`);
  const response = await answered;
  const headers = response.headers();
  // Chromium shows the PDF in its viewer (whose page then stands for the body) or turns the tab
  // into a download; either way the bytes are read again with the tab's profile, as test a of the
  // voter suite does.
  const bytes = await (await context.request.get(response.url())).body();
  if (SHOTS && keepAs) fs.writeFileSync(path.join(SHOTS, `${keepAs}.pdf`), bytes);
  assert.equal(new URL(tab.url()).pathname, new URL(response.url()).pathname, 'the new tab is the PDF');
  return {
    status: response.status(),
    type: headers['content-type'] ?? '',
    head: bytes.subarray(0, 5).toString('latin1'),
    frameable: `${headers['x-frame-options']} ${/frame-ancestors [^;]*/.exec(headers['content-security-policy'] ?? '')?.[0]}`,
    tabs: context.pages().length,
  };
}

describe('widget on a partner page', { skip: missing ?? false }, () => {
  let server: RunningServer;
  let browser: Browser;
  let db: Db;
  let declared: HostPage;
  let undeclared: HostPage;
  /** Host pages and browser contexts a test opened, closed at the end even when it failed. */
  const opened: Array<{ close(): Promise<void> }> = [];

  before(async () => {
    server = await startServer();
    declared = await hostPage(server.baseUrl, 'localhost', 'data-zip="95814" data-source="club-page" data-tracking="fall"');
    undeclared = await hostPage(server.baseUrl, 'localhost', '');
    db = openDb({ sqliteFile: sqliteFileIn(server.dataDir) });
    await db('partners').insert({
      id: PARTNER,
      name: 'Club <Voters>',
      email: null,
      status: 'active',
      created_at: Date.now(),
      allowed_origins: JSON.stringify([declared.origin]),
    });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const o of opened) await o.close().catch(() => undefined);
    await browser?.close();
    await db?.destroy();
    await declared?.close();
    await undeclared?.close();
    await server?.stop();
  });

  test('one tag: a registration completes inside the iframe, the host hears `completed`, the iframe grew', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${declared.origin}/?utm_campaign=gotv`);
    const handle = await page.waitForSelector('iframe[data-rollcall]');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('main form button[type="submit"]');
    assert.match(await frame.innerText('#rc-partner'), /Offered by Club <Voters>/);
    await page.waitForFunction(() => (document.querySelector('iframe[data-rollcall]') as HTMLElement).style.height !== '640px');
    const startHeight = await iframeHeight(page);
    await shot(page, '1-start');

    await submit(frame, 'main form button[type="submit"]'); // Start now: the CSRF token works inside the third-party iframe
    assert.equal(stepOf(frame), 'eligibility');
    assert.equal(await frame.inputValue('[name="zip"]'), '95814', 'data-zip pre-filled');
    for (const step of FORM_STEPS) {
      assert.equal(stepOf(frame), step);
      await fillStep(frame, step, CA_VOTER);
      if (step === 'addresses') await shot(page, '2-addresses');
      if (step === 'review') break;
      await submit(frame);
    }
    const reviewHeight = await iframeHeight(page);
    await shot(page, '3-review');
    await submit(frame);
    assert.equal(stepOf(frame), 'done');

    await page.waitForFunction(
      () => (window as unknown as { __events: Array<{ data: { event?: string } }> }).__events.some((e) => e.data?.event === 'completed'),
      undefined,
      { timeout: 10_000 },
    );
    const events = (await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events)) as Array<{
      origin: string;
      data: { rollcall: number; type: string; event?: string; height?: number };
    }>;
    assert.ok(
      events.every((e) => e.origin === server.baseUrl),
      'every message came from Rollcall',
    );
    assert.deepEqual([...new Set(events.filter((e) => e.data.type === 'event').map((e) => e.data.event))], ['started', 'completed']);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __domCompleted?: boolean }).__domCompleted),
      true,
      'rollcall:completed DOM event',
    );

    // Grew to fit: taller than on the start page, and no scrolling inside the iframe.
    assert.ok(reviewHeight > startHeight, `iframe grew (${startHeight} px on start, ${reviewHeight} px on review)`);
    const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    const outer = await iframeHeight(page);
    assert.ok(Math.abs(inner - outer) <= 2, `iframe fits its content (${outer} px frame, ${inner} px content)`);
    await shot(page, '4-done');

    await frame.locator('#download-pdf').waitFor({ timeout: PDF_WAIT_MS });
    const pdf = await openPdf(page, frame);
    assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-', frameable: "DENY frame-ancestors 'none'", tabs: 2 });
    assert.match(stepOf(frame), /^done$/, 'the iframe still shows the done page');

    const row = await db('registrations').orderBy('id', 'desc').first();
    assert.equal(row.partner_id, PARTNER);
    assert.equal(row.source, 'club-page');
    assert.equal(row.tracking, 'fall');
    assert.deepEqual(JSON.parse(row.utm), { utm_campaign: 'gotv' });
    assert.ok(['accepted', 'pdf_ready'].includes(row.status));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('button mode opens the flow in an overlay', async () => {
    const host = await hostPage(server.baseUrl, 'localhost', 'data-mode="button" data-language="es"');
    await db('partners')
      .where({ id: PARTNER })
      .update({ allowed_origins: JSON.stringify([declared.origin, host.origin]) });
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(host.origin);
    const button = await page.waitForSelector('button:text("Inscríbase para votar")');
    await button.click();
    const frame = (await (await page.waitForSelector('[role="dialog"] iframe[data-rollcall]')).contentFrame())!;
    await frame.waitForSelector('main form button[type="submit"]');
    assert.equal(await frame.getAttribute('html', 'lang'), 'es');
    await frame.waitForLoadState('load');
    await frame.evaluate(() => document.fonts.ready.then(() => true));
    await shot(page, '5-overlay');
    await page.keyboard.press('Escape');
    assert.equal(await page.$eval('[role="dialog"]', (e) => (e as HTMLElement).style.display), 'none');
    await page.close();
    await host.close();
  });

  /** Lets one more host page frame the partner's flow (the origins declared so far stay). */
  async function declare(origin: string): Promise<void> {
    const row = await db('partners').where({ id: PARTNER }).first();
    await db('partners')
      .where({ id: PARTNER })
      .update({ allowed_origins: JSON.stringify([...(JSON.parse(row.allowed_origins) as string[]), origin]) });
  }

  /** The partner's registrations so far: each "Start now" is one (what the portal counts as started). */
  async function starts(): Promise<number> {
    const [row] = (await db('registrations').where({ partner_id: PARTNER }).count({ n: '*' })) as Array<{ n: number }>;
    return Number(row?.n);
  }

  /** Opens the host page (button mode: presses its button) and returns the widget's iframe, its start page loaded. */
  async function openWidget(page: Page, host: HostPage, mode: 'inline' | 'button'): Promise<Frame> {
    await page.goto(host.origin);
    if (mode === 'button') await (await page.waitForSelector('button:text("Register to vote")')).click();
    const frame = (await (await page.waitForSelector('iframe[data-rollcall]')).contentFrame())!;
    await frame.waitForSelector('main form button[type="submit"]');
    return frame;
  }

  for (const [device, mode] of [
    ['phone', 'inline'],
    ['phone', 'button'],
    ['desktop', 'button'],
  ] as const) {
    test(`${device}, ${mode}: every step to the PDF, opened in a new tab; after each Save the new step's top (or the error summary) is on screen`, async () => {
      const host = await hostPage(server.baseUrl, 'localhost', mode === 'button' ? 'data-mode="button"' : '');
      await declare(host.origin);
      const context: BrowserContext = await browser.newContext(device === 'phone' ? PHONE : { viewport: DESKTOP });
      opened.push(host, context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const where = `${device} ${mode}`;
      const name = `${device}-${mode}`;
      const frame = await openWidget(page, host, mode);
      await submit(frame, 'main form button[type="submit"]');
      for (const step of FORM_STEPS) {
        assert.equal(stepOf(frame), step, `${where}: on the ${step} step`);
        if (step === 'name') {
          // Sent empty: refused; the error summary is on screen, with the focus.
          assert.equal((await submit(frame)).status(), 422);
          if (device === 'phone') await assertErrorSummaryInView(page, frame, `${where} ${step} refused`);
          await shot(page, `${name}-name-errors`, false);
        }
        await fillStep(frame, step, CA_VOTER);
        if (step === 'addresses') await shot(page, `${name}-addresses-before-save`, false);
        await submit(frame);
        if (device === 'phone') await assertTopInView(page, `${where}: after saving ${step}`);
        if (step === 'addresses') await shot(page, `${name}-id-after-save`, false);
      }
      assert.equal(stepOf(frame), 'done');
      await frame.locator('#download-pdf').waitFor({ timeout: PDF_WAIT_MS });
      assert.match(await frame.innerText('#download-pdf'), /new tab/, 'the link says it opens in a new tab');
      await shot(page, `${name}-done`, false);
      const pdf = await openPdf(page, frame, name);
      assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-', frameable: "DENY frame-ancestors 'none'", tabs: 2 });
      // The iframe keeps the done page: where to mail the form, by when.
      assert.equal(stepOf(frame), 'done', `${where}: the iframe still shows the done page`);
      // The voter's county office (Sacramento County, from the home ZIP; server/offices/).
      assert.ok((await frame.innerText('.rc-address')).includes('SACRAMENTO, CA 95823'), `${where}: the office address is still shown`);
      await shot(page, `${name}-done-after-pdf`, false);
      assert.deepEqual(errors, []);
    });
  }

  test('a reload of the partner page resumes the registration at the same step, answers kept, no new start counted', async () => {
    const host = await hostPage(server.baseUrl, 'localhost', 'data-zip="95814"');
    await declare(host.origin);
    const context = await browser.newContext(PHONE);
    opened.push(host, context);
    const page = await context.newPage();
    let frame = await openWidget(page, host, 'inline');
    await submit(frame, 'main form button[type="submit"]');
    for (const step of ['eligibility', 'name'] as const) {
      await fillStep(frame, step, CA_VOTER);
      await submit(frame);
    }
    assert.equal(stepOf(frame), 'addresses');
    const token = tokenOf(frame.url());
    const before = await starts();
    const started = () => page.evaluate(() => (window as unknown as { __domStarted: number }).__domStarted);
    assert.equal(await started(), 1);

    await page.reload();
    frame = (await (await page.waitForSelector('iframe[data-rollcall]')).contentFrame())!;
    await frame.waitForSelector('main form button[type="submit"]');
    assert.equal(stepOf(frame), 'addresses', 'the reloaded widget opens the step the voter was on');
    assert.equal(tokenOf(frame.url()), token, 'the same registration');
    assert.deepEqual(await valuesOf(frame, ['homeAddress.zip', 'homeAddress.state']), {
      'homeAddress.zip': '95814',
      'homeAddress.state': 'CA',
    });
    await Promise.all([frame.waitForNavigation(), frame.click('a.usa-button--outline')]);
    assert.deepEqual(
      await valuesOf(frame, ['firstName', 'lastName']),
      { firstName: CA_VOTER.firstName, lastName: CA_VOTER.lastName },
      'the answers are kept',
    );
    await Promise.all([frame.waitForNavigation(), frame.click('a.usa-button--outline')]);
    assert.equal(stepOf(frame), 'eligibility');
    assert.equal(await starts(), before, 'no new registration was started');
    assert.equal(await started(), 0, 'the reloaded page hears no second rollcall:started');
    // What the host page keeps: the resume path, in sessionStorage (it ends with the tab), nothing in localStorage.
    assert.deepEqual(await page.evaluate(() => ({ session: { ...sessionStorage }, local: localStorage.length })), {
      session: { [`rollcall:${PARTNER}`]: `/r/${token}` },
      local: 0,
    });

    // Finished: the host page forgets it; a reload then offers a new start.
    for (const step of FORM_STEPS) {
      await fillStep(frame, step, CA_VOTER);
      await submit(frame);
    }
    assert.equal(stepOf(frame), 'done');
    assert.deepEqual(await page.evaluate(() => ({ ...sessionStorage })), {}, 'forgotten once the form is made');
    await page.reload();
    frame = (await (await page.waitForSelector('iframe[data-rollcall]')).contentFrame())!;
    await frame.waitForSelector('main form button[type="submit"]');
    assert.equal(new URL(frame.url()).pathname, '/', 'after the done page, a reload shows the start page');
  });

  test('a resume path the host page did not get from Rollcall is ignored: the start page, nothing else', async () => {
    const host = await hostPage(server.baseUrl, 'localhost', '');
    await declare(host.origin);
    const context = await browser.newContext({ viewport: DESKTOP });
    opened.push(host, context);
    const page = await context.newPage();
    await page.goto(host.origin);
    for (const forged of [
      'https://evil.example/',
      '/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/admin',
      `/r/${'A'.repeat(43)}/../../admin`,
    ]) {
      await page.evaluate(([key, value]) => sessionStorage.setItem(key!, value!), [`rollcall:${PARTNER}`, forged]);
      await page.reload();
      const frame = (await (await page.waitForSelector('iframe[data-rollcall]')).contentFrame())!;
      await frame.waitForSelector('main form button[type="submit"]');
      assert.equal(`${new URL(frame.url()).origin}${new URL(frame.url()).pathname}`, `${server.baseUrl}/`, `${forged}: the start page`);
    }
  });

  test('a page on an origin the partner did not declare gets no flow and no events', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const blocked: string[] = [];
    page.on('console', (m) => blocked.push(m.text()));
    await page.goto(undeclared.origin);
    const frame = (await (await page.waitForSelector('iframe[data-rollcall]')).contentFrame())!;
    await page.waitForTimeout(1500);
    assert.equal(await frame.$('main form'), null, 'the flow did not render in an undeclared origin');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events), []);
    await page.close();
  });
});
