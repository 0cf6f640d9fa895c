// What a voter does on each page, two ways: with the keyboard only (Tab, Space, arrows, typing,
// Enter), as someone who cannot use a mouse would, and with plain fills for the tests that only
// need to get somewhere. Selectors come from the form's names and ids, as a screen reader's
// user would find them by their labels.
import assert from 'node:assert/strict';
import type { Frame, Page, Response } from 'playwright-core';

/** A page, or a frame of one (the widget's iframe): the plain-fill helpers work in either. */
export type Surface = Page | Frame;

export interface Voter {
  usCitizen: 'yes' | 'no';
  eighteenByElectionDay: 'yes' | 'no';
  zip: string;
  email: string;
  title?: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  dob: { month: string; day: string; year: string };
  phone?: string;
  street: string;
  unit?: string;
  city: string;
  /** A licence or state ID number, or NONE for a voter with none of the numbers. */
  idNumber: string;
  party?: string;
  race?: string;
}

export const CA_VOTER: Voter = {
  usCitizen: 'yes',
  eighteenByElectionDay: 'yes',
  zip: '95814',
  email: 'maria.lopez@example.org',
  firstName: 'María',
  middleName: 'Elena',
  lastName: 'López',
  dob: { month: '4', day: '28', year: '1990' },
  phone: '916-555-0142',
  street: '1020 N Street',
  unit: '4B',
  city: 'Sacramento',
  idNumber: 'D1234567',
  party: 'democratic',
};

export const TX_VOTER: Voter = {
  usCitizen: 'yes',
  eighteenByElectionDay: 'yes',
  zip: '78701',
  email: 'jose.garcia@example.org',
  firstName: 'José',
  lastName: 'García Núñez',
  dob: { month: '12', day: '3', year: '1985' },
  street: '301 Congress Ave',
  city: 'Austin',
  idNumber: '12345678',
  party: 'independent',
  race: 'hispanic',
};

/** The voter's token from a /r/<token>/<step> URL. */
export function tokenOf(url: string): string {
  const m = /\/r\/([A-Za-z0-9_-]{43})(?:\/|$)/.exec(new URL(url).pathname);
  assert.ok(m, `no registration token in ${url}`);
  return m[1]!;
}

export function stepOf(url: string): string {
  return new URL(url).pathname.split('/').pop() ?? '';
}

// ---------------------------------------------------------------------------------------------
// Keyboard only

/** Presses Tab until the focused element matches `selector`; fails if it is never reached. */
export async function tabTo(page: Page, selector: string, maxPresses = 120): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`Tab never reached ${selector} in ${maxPresses} presses (focus is on ${at})`);
}

async function focusedValue(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? '');
}

/** Tabs to a text box, clears what is there (select all, delete) and types the text. */
export async function typeInto(page: Page, name: string, text: string): Promise<void> {
  await tabTo(page, `[name="${name}"]`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
  assert.equal(await focusedValue(page), text, `typed into ${name}`);
}

/** A yes/no radio group: Tab lands on the group, the arrows choose, Space confirms. */
export async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `[name="${name}"]`);
  const values = await page.$$eval(`[name="${name}"]`, (els) => els.map((e) => (e as HTMLInputElement).value));
  const target = values.indexOf(value);
  assert.ok(target >= 0, `${name} has no option ${value} (has ${values.join(', ')})`);
  let at = values.indexOf(await focusedValue(page));
  // Arrow keys move and select within the group (wrapping); Space selects the focused one.
  while (at !== target) {
    await page.keyboard.press('ArrowDown');
    at = values.indexOf(await focusedValue(page));
  }
  await page.keyboard.press('Space');
  assert.equal(
    await page.$eval(`[name="${name}"][value="${value}"]`, (e) => (e as HTMLInputElement).checked),
    true,
    `${name}=${value} checked`,
  );
}

/** A checkbox: Tab to it, Space toggles it to the wanted state. */
export async function setCheckbox(page: Page, name: string, on: boolean): Promise<void> {
  await tabTo(page, `[name="${name}"]`);
  if ((await page.$eval(`[name="${name}"]`, (e) => (e as HTMLInputElement).checked)) !== on) await page.keyboard.press('Space');
  assert.equal(await page.$eval(`[name="${name}"]`, (e) => (e as HTMLInputElement).checked), on, `${name} ${on ? 'ticked' : 'cleared'}`);
}

/** A folded <details> section holding the named field: Tab to its summary, Enter opens it. */
export async function openSectionOf(page: Page, name: string): Promise<void> {
  const summary = `details:has([name="${name}"]) > summary`;
  if ((await page.locator(`details:has([name="${name}"])`).count()) === 0) return; // not folded
  if (await page.$eval(`details:has([name="${name}"])`, (d) => (d as HTMLDetailsElement).open)) return;
  await tabTo(page, summary);
  await page.keyboard.press('Enter');
  assert.equal(
    await page.$eval(`details:has([name="${name}"])`, (d) => (d as HTMLDetailsElement).open),
    true,
    `the section with ${name} opened`,
  );
}

/** A closed <select>: arrow keys change the choice without opening it (Chromium on Linux). */
export async function chooseOption(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `[name="${name}"]`);
  const values = await page.$$eval(`[name="${name}"] option`, (els) => els.map((e) => (e as HTMLOptionElement).value));
  const target = values.indexOf(value);
  assert.ok(target >= 0, `${name} has no option ${value}`);
  for (let i = 0; i < values.length && (await focusedValue(page)) !== value; i++) {
    await page.keyboard.press(values.indexOf(await focusedValue(page)) < target ? 'ArrowDown' : 'ArrowUp');
  }
  assert.equal(await focusedValue(page), value, `${name}=${value} chosen`);
}

/** Tabs to the step's submit button and presses Enter; returns the response of the page that follows. */
export async function submitWithKeyboard(page: Page, selector = 'form.usa-form button[type="submit"]'): Promise<Response> {
  await tabTo(page, selector);
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok(response, 'submitting navigated');
  return response;
}

// ---------------------------------------------------------------------------------------------
// Plain fills (to reach a page quickly)

export async function submit(page: Surface, selector = 'form.usa-form button[type="submit"]'): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  assert.ok(response, 'submitting navigated');
  return response;
}

/** Opens the start page and presses "Start now"; lands on eligibility. */
export async function start(page: Page, baseUrl: string, lang: 'en' | 'es' = 'en'): Promise<string> {
  await page.goto(`${baseUrl}/${lang === 'es' ? '?lang=es' : ''}`);
  await submit(page, 'main form button[type="submit"]');
  assert.equal(stepOf(page.url()), 'eligibility');
  return tokenOf(page.url());
}

/**
 * Ticks a radio or checkbox by clicking its label, as a voter does: USWDS hides the native
 * input off-screen and draws its own box inside the label.
 */
export async function tick(page: Surface, selector: string): Promise<void> {
  const id = await page.$eval(selector, (e) => e.id);
  if (!(await page.$eval(selector, (e) => (e as HTMLInputElement).checked))) await page.click(`label[for="${id}"]`);
  assert.equal(await page.$eval(selector, (e) => (e as HTMLInputElement).checked), true, `${selector} ticked`);
}

export async function fillEligibility(
  page: Surface,
  v: Pick<Voter, 'usCitizen' | 'eighteenByElectionDay' | 'zip' | 'email'>,
): Promise<void> {
  await tick(page, `[name="usCitizen"][value="${v.usCitizen}"]`);
  await tick(page, `[name="eighteenByElectionDay"][value="${v.eighteenByElectionDay}"]`);
  await page.fill('[name="zip"]', v.zip);
  await page.fill('[name="email"]', v.email);
}

export async function fillName(page: Surface, v: Voter): Promise<void> {
  if (v.title) await page.selectOption('[name="title"]', v.title);
  await page.fill('[name="firstName"]', v.firstName);
  await page.fill('[name="middleName"]', v.middleName ?? '');
  await page.fill('[name="lastName"]', v.lastName);
  if (v.suffix) await page.selectOption('[name="suffix"]', v.suffix);
  await page.fill('[name="dateOfBirth.month"]', v.dob.month);
  await page.fill('[name="dateOfBirth.day"]', v.dob.day);
  await page.fill('[name="dateOfBirth.year"]', v.dob.year);
  await page.fill('[name="phone"]', v.phone ?? '');
}

export async function fillAddresses(page: Surface, v: Voter): Promise<void> {
  await page.fill('[name="homeAddress.street"]', v.street);
  await page.fill('[name="homeAddress.unit"]', v.unit ?? '');
  await page.fill('[name="homeAddress.city"]', v.city);
}

/** Box 6: the voter says which number they have (a radio per identifier the state accepts), then types it. */
export async function fillId(page: Surface, v: Voter): Promise<void> {
  if (v.idNumber === 'NONE') {
    await tick(page, '[name="idType"][value="none"]');
    return;
  }
  await tick(page, '[name="idType"][value="state_id"]');
  await page.fill('[name="stateIdNumber"]', v.idNumber);
}

export async function fillParty(page: Surface, v: Voter): Promise<void> {
  if (v.party) await tick(page, `[name="party"][value="${v.party}"]`);
  if (v.race) await tick(page, `[name="race"][value="${v.race}"]`);
}

/** The steps of the form, in order (review ends it). */
export const FORM_STEPS = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'] as const;
export type FormStep = (typeof FORM_STEPS)[number];

/**
 * Fills one step's fields for a voter, in a page or in the widget's iframe. Every browser suite
 * fills the form through here (and the fill* helpers above), so a step that changes shape is
 * adapted in this file only.
 */
export async function fillStep(page: Surface, step: FormStep, v: Voter): Promise<void> {
  if (step === 'eligibility') await fillEligibility(page, v);
  else if (step === 'name') await fillName(page, v);
  else if (step === 'addresses') await fillAddresses(page, v);
  else if (step === 'id') await fillId(page, v);
  else if (step === 'party') await fillParty(page, v);
  else await tick(page, '[name="attest"]');
}

/** On each step, a field to press Enter in (a text box where there is one), as a voter ends typing. */
export const ENTER_FIELD: Record<Exclude<FormStep, 'review'>, string> = {
  eligibility: '[name="zip"]',
  name: '[name="lastName"]',
  addresses: '[name="homeAddress.city"]',
  // The first identifier's radio: the number box stays hidden until a choice is made.
  id: '[name="idType"]',
  party: '[name="party"]',
};

/** Fills and submits each step from the current one up to (not including) `until`. */
export async function completeSteps(
  page: Surface,
  v: Voter,
  until: 'name' | 'addresses' | 'id' | 'party' | 'review' | 'done',
): Promise<void> {
  const from = FORM_STEPS.findIndex((step) => step === stepOf(page.url()));
  assert.ok(from >= 0, `not on a step: ${page.url()}`);
  for (const step of FORM_STEPS.slice(from)) {
    if (step === until) return;
    assert.equal(stepOf(page.url()), step, `on the ${step} step`);
    await fillStep(page, step, v);
    const res = await submit(page);
    assert.equal(res.status(), 200, `${step} accepted (got ${res.status()})`);
  }
}

/** Values of the named fields on the current page (radios and checkboxes: the checked value or ''). */
export async function valuesOf(page: Surface, names: string[]): Promise<Record<string, string>> {
  return page.evaluate((list) => {
    const out: Record<string, string> = {};
    for (const name of list) {
      const els = Array.from(document.querySelectorAll<HTMLInputElement>(`[name="${name}"]`));
      if (els.length === 0) out[name] = '<missing>';
      else if (els[0]!.type === 'radio' || els[0]!.type === 'checkbox') out[name] = els.find((e) => e.checked)?.value ?? '';
      else out[name] = els[0]!.value;
    }
    return out;
  }, names);
}
