// Security keys (ASVS 2.3.2) in real headless Chromium at phone width (390 px), keyboard only:
// Chromium's virtual authenticator (CDP WebAuthn domain: ctap2, usb, user verification) stands for
// the key. A staff member adds a key on the account page, signs out, and signs in with the key
// instead of a code; axe on both pages. Then, under the real CSP, the code page's script (and
// @simplewebauthn/browser, served from this site) loads and offers the key. WebAuthn needs a
// secure context and a domain as relying party id, so this server's BASE_URL is http://localhost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, checkAxe, createAdmin, signInWithKeyboard } from '../../support/browser/admin.js';
import { chromiumMissing, launchBrowser } from '../../support/browser/browser.js';
import { freePort } from '../../support/free-port.js';
import { overflowing, watchContext } from '../../support/browser/page-checks.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import { tabTo, typeInto } from '../../support/browser/voter.js';

const PHONE = { width: 390, height: 844 } as const;
const EMAIL = 'keys@example.org';

const missing = chromiumMissing();

async function passwordStep(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await typeInto(page, 'email', EMAIL);
  await typeInto(page, 'password', ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/totp(\?|$)/), page.keyboard.press('Enter')]);
}

/** With SCREENSHOT_DIR set, a full-page picture of the page, to look at. */
async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}-390.png`, fullPage: true });
}

describe('security keys in headless Chromium, 390 px, keyboard only', { skip: missing ?? false }, () => {
  let server: RunningServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = await startServer({ PORT: String(port), BASE_URL: base });
    browser = await launchBrowser();
    await createAdmin(server, EMAIL);
  });

  after(async () => {
    await browser?.close();
    const logs = server?.logs() ?? '';
    await server?.stop();
    if (process.env.VERBOSE) process.stderr.write(logs);
  });

  test('add a key on the account page, sign out, sign in with the key instead of a code', async () => {
    // axe is injected as a script tag: this context bypasses the CSP (the next test keeps it).
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await signInWithKeyboard(page, base, EMAIL);
    await tabTo(page, '#account-security-keys');
    await Promise.all([page.waitForURL(/\/admin\/account\/security-keys$/), page.keyboard.press('Enter')]);
    assert.ok(await page.isHidden('#add-key-unavailable'), 'the script ran: no "needs JavaScript" message');
    await checkAxe(page, 'security keys (none yet)');
    await typeInto(page, 'name', 'Desk key');
    await tabTo(page, '#add-security-key-button');
    await Promise.all([page.waitForURL(/\/admin\/account\/security-keys\?done=added$/), page.keyboard.press('Enter')]);
    assert.match((await page.textContent('#security-keys'))!, /Desk key/);
    assert.deepEqual(await overflowing(page), [], 'fits 390 px');
    await checkAxe(page, 'security keys (one key)');
    await shot(page, 'account-security-keys');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the virtual authenticator holds the new credential');

    await tabTo(page, '.rc-admin-logout button[type="submit"]');
    await Promise.all([page.waitForURL(/\/admin\/login/), page.keyboard.press('Enter')]);
    await passwordStep(page, base);
    assert.ok(await page.isVisible('#security-key-button'), 'the code page offers the key');
    assert.ok(await page.isHidden('#security-key-unavailable'));
    assert.deepEqual(await overflowing(page), [], 'fits 390 px');
    await checkAxe(page, 'code page with a security key');
    await shot(page, 'totp-with-security-key');
    await tabTo(page, '#security-key-button');
    await Promise.all([page.waitForURL(/\/admin\/registrations$/), page.keyboard.press('Enter')]);
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(after.credentials[0]!.signCount >= 1, 'the key signed');
    await context.close();
  });

  test('under the real CSP: the code page loads both scripts and offers the key, with no CSP violation', async () => {
    const strict = await browser.newContext({ viewport: PHONE });
    const watch = watchContext(strict);
    const page = await strict.newPage();
    await passwordStep(page, base);
    await page.waitForSelector('#security-key-button', { state: 'visible' });
    assert.deepEqual(watch.problems(), []);
    await strict.close();
  });
});
