// The admin side's browser helpers, shared by the admin suite (test/integration/admin-browser) and
// the voter story (test/integration/browser/voter-story.test.ts): the rollcall CLI run against a
// test server's DATA_DIR (to create admin users and partners), axe-core with an assertion, and the
// keyboard-only sign-in (password, then TOTP enrolment from the secret the page shows).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { projectPath } from '../../../server/project-root.js';
import { describeViolations, runAxe } from './axe.js';
import type { RunningServer } from './server.js';
import { typeInto } from './voter.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/**
 * Runs `rollcall <args>` (dist/bin) on the server's DATA_DIR with `stdin`, as an operator would (no
 * NODE_ENV, so no test clock); resolves with its stdout.
 */
export function cli(server: RunningServer, args: string[], stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [projectPath('dist/bin/rollcall.js'), ...args], {
      env: { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', APP_KEY: '', NODE_ENV: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`rollcall ${args.join(' ')} → ${code}: ${err}`))));
    child.stdin.end(stdin);
  });
}

/** Creates an admin user (role admin unless given) with ADMIN_PASSWORD. */
export async function createAdmin(server: RunningServer, email: string, role?: 'support'): Promise<void> {
  await cli(server, ['admin', 'create', '--email', email, ...(role ? ['--role', role] : [])], `${ADMIN_PASSWORD}\n`);
}

/** axe-core on the page (its context must bypass the CSP): no violations but the `allowed` rule ids. */
export async function checkAxe(page: Page, where: string, allowed: string[] = []): Promise<void> {
  const violations = (await runAxe(page)).filter((v) => !allowed.includes(v.id));
  assert.deepEqual(describeViolations(where, violations), []);
}

/**
 * Keyboard only: Tab to the fields, type, Enter. Enrols TOTP from the secret the page shows; ends on
 * /admin/registrations. `now` is the server's time in ms when its clock was moved (ServerClock.now):
 * the code must be the one for the server's 30-second step.
 */
export async function signInWithKeyboard(page: Page, baseUrl: string, email: string, now: () => number = Date.now): Promise<void> {
  await page.goto(`${baseUrl}/admin/registrations`);
  assert.match(page.url(), /\/admin\/login\?next=/);
  await checkAxe(page, 'login');
  await typeInto(page, 'email', email);
  await typeInto(page, 'password', ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/totp\/setup/), page.keyboard.press('Enter')]);
  await checkAxe(page, 'totp setup');
  const secret = (await page.textContent('#totp-secret'))!.trim();
  await typeInto(page, 'code', await generate({ secret, epoch: Math.floor(now() / 1000) }));
  await Promise.all([page.waitForURL(/\/admin\/registrations$/), page.keyboard.press('Enter')]);
}
