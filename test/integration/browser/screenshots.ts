// Takes a screenshot of every voter page at 320 px (a small phone) and at desktop width, in
// English and Spanish, including an error state and the stop pages, for a person to look at.
//   node dist/test/integration/browser/screenshots.js [out-dir]    (default /tmp/rollcall-screenshots)
// The reviewed few worth keeping are copied by hand to docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, MOBILE } from '../../support/browser/browser.js';
import { startServer } from '../../support/browser/server.js';
import { CA_VOTER, completeSteps, fillEligibility, start, stepOf, submit, TX_VOTER, type Voter } from '../../support/browser/voter.js';

const outDir = process.argv[2] ?? '/tmp/rollcall-screenshots';

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

async function walk(browser: Browser, baseUrl: string, lang: 'en' | 'es', size: 'mobile' | 'desktop', voter: Voter): Promise<void> {
  const context = await browser.newContext({ viewport: size === 'mobile' ? MOBILE : DESKTOP, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const tag = `${lang}-${size}`;
  await page.goto(`${baseUrl}/${lang === 'es' ? '?lang=es' : ''}`);
  await shoot(page, `${tag}-0-start`);
  await start(page, baseUrl, lang);
  const order = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'] as const;
  for (const [i, step] of order.entries()) {
    await shoot(page, `${tag}-${i + 1}-${step}`);
    if (step === 'eligibility' || step === 'name') {
      await submit(page); // empty: the error state
      await shoot(page, `${tag}-${i + 1}-${step}-errors`);
    }
    const next = order[i + 1];
    await completeSteps(page, voter, next === undefined || next === 'eligibility' ? 'done' : next);
  }
  await page.locator('#download-pdf').waitFor({ timeout: 30_000 });
  await shoot(page, `${tag}-7-done`);
  for (const [reason, answers] of [
    ['not-citizen', { ...voter, usCitizen: 'no' }],
    ['under-18', { ...voter, eighteenByElectionDay: 'no' }],
    ['nd', { ...voter, zip: '58501' }],
  ] as const) {
    await start(page, baseUrl, lang);
    await fillEligibility(page, answers);
    await submit(page);
    if (stepOf(page.url()) !== 'stop') throw new Error(`stop page expected, at ${page.url()}`);
    await shoot(page, `${tag}-8-stop-${reason}`);
  }
  await context.close();
}

const server = await startServer();
const browser = await launchBrowser();
try {
  fs.mkdirSync(outDir, { recursive: true });
  for (const lang of ['en', 'es'] as const) {
    for (const size of ['mobile', 'desktop'] as const) await walk(browser, server.baseUrl, lang, size, lang === 'en' ? CA_VOTER : TX_VOTER);
  }
  process.stdout.write(`screenshots in ${outDir}\n`);
} catch (error) {
  process.stderr.write(`server log:\n${server.logs()}\n`);
  throw error;
} finally {
  await browser.close();
  await server.stop();
}
