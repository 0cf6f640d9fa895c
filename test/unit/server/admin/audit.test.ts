// The audit log page: admins search it by person, action, target and dates, newest first, and
// page through it with a keyset cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

describe('admin audit log page', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  before(async () => {
    t = await makeTestApp();
    admin = await signIn(t, 'admin');
    const { audit } = t.ctx.admin;
    for (let i = 0; i < 120; i++) {
      await audit.record(
        { id: 99, email: i % 2 ? 'sam@example.org' : 'ana@example.org' },
        i % 3 ? 'view_registration' : 'download_pdf',
        `${String(i).padStart(32, '0')}`,
        '203.0.113.0/24',
      );
      (t.clock as FakeClock).advance(1000);
    }
  });
  after(() => t.close());

  const targets = (html: string) => [...html.matchAll(/<code>(\d{32})<\/code>/g)].map((m) => Number(m[1]));

  it('filters by person and action, newest first', async () => {
    const res = await admin.agent.get('/admin/audit?email=SAM%40example.org&action=download_pdf');
    assert.equal(res.status, 200);
    const got = targets(res.text);
    assert.deepEqual(
      got,
      Array.from({ length: 120 }, (_, i) => i)
        .filter((i) => i % 2 === 1 && i % 3 === 0)
        .reverse(),
    );
    assert.match(res.text, /203\.0\.113\.0\/24/);
  });

  it('finds everything about one registration', async () => {
    const res = await admin.agent.get(`/admin/audit?target=${'0'.repeat(30)}42`);
    assert.deepEqual(targets(res.text), [42]);
  });

  it('pages through every entry once', async () => {
    const seen: number[] = [];
    let url: string | null = '/admin/audit?action=view_registration';
    while (url) {
      const res = await admin.agent.get(url);
      seen.push(...targets(res.text));
      url = /href="([^"]+)" rel="next"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&') ?? null;
    }
    assert.equal(seen.length, 80);
    assert.equal(new Set(seen).size, 80);
  });
});
