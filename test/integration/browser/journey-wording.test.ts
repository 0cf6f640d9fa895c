// Issue 13, items 4, 8 and 9 in a real browser: the party-name field appears under "Other" only
// while Other is chosen (CSS, no script), a too-young date of birth gets the state's
// pre-registration help, and the done page lists the enclosure step for a voter who wrote NONE;
// axe-core finds nothing on these pages and nothing overflows 320 px, in both languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, runAxe } from '../../support/browser/axe.js';
import { chromiumMissing, DESKTOP, launchBrowser, MOBILE } from '../../support/browser/browser.js';
import { overflowing } from '../../support/browser/page-checks.js';
import { startServer, type RunningServer } from '../../support/browser/server.js';
import { fillAddresses, fillEligibility, fillName, start, stepOf, submit, tick, type Voter } from '../../support/browser/voter.js';

const missing = chromiumMissing();

const LOUISIANA: Voter = {
  usCitizen: 'yes',
  eighteenByElectionDay: 'yes',
  zip: '70802',
  email: 'lou@example.org',
  firstName: 'Lou',
  lastName: 'Broussard',
  dob: { month: '2', day: '9', year: '1984' },
  street: '8585 Archives Avenue',
  city: 'Baton Rouge',
  idNumber: 'NONE',
};

describe('party written in, under-18 help, the steps to mail', { skip: missing ?? false }, () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [lang, viewport] of [
    ['en', MOBILE],
    ['es', DESKTOP],
  ] as const) {
    test(`${lang} at ${viewport.width} px`, async () => {
      // axe is injected as a script tag, which the app's strict CSP (rightly) refuses.
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const found: string[] = [];
      const audit = async (where: string) => {
        found.push(...describeViolations(`${lang} ${where}`, await runAxe(page)));
        assert.deepEqual(await overflowing(page), [], `${lang} ${where}: nothing wider than the screen`);
      };
      await start(page, server.baseUrl, lang);
      await fillEligibility(page, LOUISIANA);
      await submit(page);

      await fillName(page, { ...LOUISIANA, dob: { ...LOUISIANA.dob, year: String(new Date().getUTCFullYear() - 15) } });
      assert.equal((await submit(page)).status(), 422);
      assert.ok(await page.isVisible('#dateOfBirth-under18'), 'the pre-registration help shows');
      assert.match(
        (await page.textContent('#dateOfBirth-under18')) ?? '',
        lang === 'en' ? /In Louisiana you can register once you are 17/ : /En Luisiana puede inscribirse a partir de los 17 años/,
      );
      await audit('name, too young');
      await fillName(page, LOUISIANA);
      await submit(page);
      await fillAddresses(page, LOUISIANA);
      await submit(page);
      await tick(page, '[name="idType"][value="none"]');
      await submit(page);
      assert.equal(stepOf(page.url()), 'party');

      assert.equal(await page.isVisible('#otherParty'), false, 'hidden until Other is chosen');
      await tick(page, '[name="party"][value="other"]');
      assert.equal(await page.isVisible('#otherParty'), true, 'shown once Other is chosen');
      await tick(page, '[name="party"][value="democratic"]');
      assert.equal(await page.isVisible('#otherParty'), false, 'hidden again with another party');
      await tick(page, '[name="party"][value="other"]');
      await tick(page, '[name="race"][value="decline"]');
      assert.equal((await submit(page)).status(), 422);
      assert.equal(await page.isVisible('#otherParty-error'), true);
      await audit('party, Other without a name');
      // The error summary's link takes the keyboard to the field.
      await page.click('.rc-error-summary a[href="#otherParty"]');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'otherParty');
      await page.keyboard.type('Alaskan Independence Party');
      await submit(page);
      assert.equal(stepOf(page.url()), 'review');
      assert.match((await page.textContent('main')) ?? '', /Alaskan Independence Party/);
      await tick(page, '[name="attest"]');
      await submit(page);
      await page.locator('#download-pdf').waitFor({ timeout: 30_000 });
      const steps = await page.$$eval('#mailing-steps .usa-process-list__heading', (els) => els.map((e) => e.textContent?.trim()));
      assert.deepEqual(
        steps,
        lang === 'en'
          ? [
              'Print the form',
              'Sign and date box 9',
              'Enclose a copy of your ID',
              'Fold it into the mailer',
              'Add a stamp',
              'Mail it in time',
            ]
          : [
              'Imprima el formulario',
              'Firme y ponga la fecha en la casilla 9',
              'Incluya una copia de su identificación',
              'Dóblelo dentro del sobre',
              'Póngale una estampilla',
              'Envíelo a tiempo',
            ],
      );
      await audit('done');
      assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
      await context.close();
    });
  }
});
