// The widget in real headless Chromium, as a partner's web person uses it: a plain HTML page on
// another site (localhost, not Rollcall's 127.0.0.1) pastes the one tag; a voter registers inside
// the iframe; the host page receives `completed` by postMessage, and the iframe grew to fit.
// A page on an origin the partner did not declare gets no flow (CSP frame-ancestors) and no events.
// Needs a build (dist/) and /usr/bin/chromium; run with test/integration/widget-browser/run.sh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { openDb, type Db } from '../../../server/db/connect.js';
import { chromiumMissing, DESKTOP, launchBrowser } from '../browser/support/browser.js';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { CA_VOTER } from '../browser/support/voter.js';

const missing = chromiumMissing();
const SHOTS = process.env.WIDGET_SHOTS_DIR ?? '';
const PARTNER = 'widgettestpartner000000000000001';

interface HostPage {
  origin: string;
  close(): Promise<void>;
}

/** A partner's plain HTML page, on its own loopback origin, with the one tag and a message log. */
async function hostPage(rollcall: string, hostname: string, tagAttributes: string): Promise<HostPage> {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Club page</title></head>
<body><h1>Register with the Club</h1>
<script>window.__events = []; window.addEventListener('message', function (e) { window.__events.push({ origin: e.origin, data: e.data }); });
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

async function tick(frame: Frame, selector: string): Promise<void> {
  const id = await frame.$eval(selector, (e) => e.id);
  await frame.click(`label[for="${id}"]`);
}

async function submit(frame: Frame, selector = 'form.usa-form button[type="submit"]'): Promise<void> {
  await Promise.all([frame.waitForNavigation(), frame.click(selector)]);
}

const stepOf = (frame: Frame): string => new URL(frame.url()).pathname.split('/')[3] ?? '';
const iframeHeight = (page: Page): Promise<number> => page.$eval('iframe[data-rollcall]', (e) => (e as HTMLIFrameElement).getBoundingClientRect().height);

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe('widget on a partner page', { skip: missing ?? false }, () => {
  let server: RunningServer;
  let browser: Browser;
  let db: Db;
  let declared: HostPage;
  let undeclared: HostPage;

  before(async () => {
    server = await startServer();
    declared = await hostPage(server.baseUrl, 'localhost', 'data-zip="95814" data-source="club-page" data-tracking="fall"');
    undeclared = await hostPage(server.baseUrl, 'localhost', '');
    db = openDb({ sqliteFile: path.join(server.dataDir, 'rollcall.sqlite3') });
    await db('partners').insert({ id: PARTNER, name: 'Club <Voters>', email: null, status: 'active', created_at: Date.now(), allowed_origins: JSON.stringify([declared.origin]) });
    browser = await launchBrowser();
  });
  after(async () => {
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
    await tick(frame, '[name="usCitizen"][value="yes"]');
    await tick(frame, '[name="eighteenByElectionDay"][value="yes"]');
    await frame.fill('[name="email"]', CA_VOTER.email);
    await submit(frame);
    assert.equal(stepOf(frame), 'name');
    await frame.fill('[name="firstName"]', CA_VOTER.firstName);
    await frame.fill('[name="lastName"]', CA_VOTER.lastName);
    await frame.fill('[name="dateOfBirth.month"]', CA_VOTER.dob.month);
    await frame.fill('[name="dateOfBirth.day"]', CA_VOTER.dob.day);
    await frame.fill('[name="dateOfBirth.year"]', CA_VOTER.dob.year);
    await submit(frame);
    assert.equal(stepOf(frame), 'addresses');
    await frame.fill('[name="homeAddress.street"]', CA_VOTER.street);
    await frame.fill('[name="homeAddress.city"]', CA_VOTER.city);
    await shot(page, '2-addresses');
    await submit(frame);
    assert.equal(stepOf(frame), 'id');
    await tick(frame, '[name="idType"][value="state_id"]');
    await frame.fill('[name="stateIdNumber"]', CA_VOTER.idNumber);
    await submit(frame);
    assert.equal(stepOf(frame), 'party');
    await tick(frame, `[name="party"][value="${CA_VOTER.party}"]`);
    await submit(frame);
    assert.equal(stepOf(frame), 'review');
    await tick(frame, '[name="attest"]');
    const reviewHeight = await iframeHeight(page);
    await shot(page, '3-review');
    await submit(frame);
    assert.equal(stepOf(frame), 'done');

    await page.waitForFunction(() => (window as unknown as { __events: Array<{ data: { event?: string } }> }).__events.some((e) => e.data?.event === 'completed'), undefined, { timeout: 10_000 });
    const events = (await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events)) as Array<{ origin: string; data: { rollcall: number; type: string; event?: string; height?: number } }>;
    assert.ok(events.every((e) => e.origin === server.baseUrl), 'every message came from Rollcall');
    assert.deepEqual([...new Set(events.filter((e) => e.data.type === 'event').map((e) => e.data.event))], ['started', 'completed']);
    assert.equal(await page.evaluate(() => (window as unknown as { __domCompleted?: boolean }).__domCompleted), true, 'rollcall:completed DOM event');

    // Grew to fit: taller than on the start page, and no scrolling inside the iframe.
    assert.ok(reviewHeight > startHeight, `iframe grew (${startHeight} px on start, ${reviewHeight} px on review)`);
    const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    const outer = await iframeHeight(page);
    assert.ok(Math.abs(inner - outer) <= 2, `iframe fits its content (${outer} px frame, ${inner} px content)`);
    await shot(page, '4-done');

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
    await db('partners').where({ id: PARTNER }).update({ allowed_origins: JSON.stringify([declared.origin, host.origin]) });
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
