// Authorization (IDOR), route by route: every route the app answers is in the route table, and
// every identity that may not use a route on A's object is refused the right way (401/403/404,
// a 404 for another partner's object so its existence is not revealed) with nothing of A's in
// the answer. The allowed identity's request is replayed too, so a refusal is never just a
// request that missed its target.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Response } from 'supertest';
import type { TestApp } from '../../../support/app-fixture.js';
import { enumerateRoutes, firstAllowed, ROUTES, rowKey, type RouteRow } from '../../../support/security/route-table.js';
import { send } from '../../../support/security/send.js';
import { openWorld, closeWorld, EVERYONE, personalStrings, type Who, type World } from '../../../support/security/world.js';

/** How an identity that may not use the row is refused. */
export function refusalFor(row: RouteRow, who: Who): { status: number; location?: RegExp } {
  const signedOut = who === 'visitor' || who === 'voter';
  switch (row.area) {
    case 'admin':
      if (signedOut) return row.method === 'GET' ? { status: 303, location: /^\/admin\/login\?next=/ } : { status: 403 };
      return { status: 403 };
    case 'partner':
      if (signedOut) return row.method === 'GET' ? { status: 303, location: /^\/partner\/login\?next=/ } : { status: 403 };
      if (who === 'partnerB') return { status: 404 };
      return { status: 403 };
    case 'api':
      return who === 'partnerB' ? { status: 404 } : { status: 401 };
    case 'voter':
      return { status: 404 };
    case 'public':
      throw new Error(`${rowKey(row)} is public: nobody is refused`);
  }
}

/** A row that could be added for a route the table does not have yet. */
function suggestion(route: { method: string; path: string }): string {
  const area = route.path.startsWith('/admin')
    ? 'admin'
    : route.path.startsWith('/partner')
      ? 'partner'
      : route.path.startsWith('/api')
        ? 'api'
        : route.path.startsWith('/r/') || route.path.startsWith('/pdf')
          ? 'voter'
          : 'public';
  const hasObject = /:\w+/.test(route.path);
  const may = {
    admin: "['admin', 'support']",
    partner: hasObject ? "['partnerA']" : "['partnerA', 'partnerB']",
    api: "['partnerA']",
    voter: "['voter']",
    public: "'everyone'",
  }[area];
  const params = hasObject ? ', url: (w, who) => `' + route.path.replace(/:(\w+)/g, "${/* A's $1 */ w.a.id}") + '`' : '';
  const form = route.method === 'GET' ? '' : ', form: () => ({ /* valid fields */ })';
  return `  { method: '${route.method}', path: '${route.path}', area: '${area}', may: ${may}${params}${form}, ok: ${route.method === 'GET' ? 200 : 303}${route.method === 'GET' ? ', html: true' : ''} },`;
}

/** The answer carries nothing of voter A's (their uid only where the request itself named it). */
export function assertNothingOfA(w: World, res: Response, context: string, url: string): void {
  const text = `${res.text ?? ''}${res.body && !res.text ? JSON.stringify(res.body) : ''}`;
  // (a value the request itself carried, such as a search term echoed in a redirect, is no leak)
  for (const value of personalStrings.filter((v) => !url.includes(v)))
    assert.ok(!text.includes(value), `${context}: the answer contains voter A's "${value}"`);
  if (!url.includes(w.done.uid)) assert.ok(!text.includes(w.done.uid), `${context}: the answer contains voter A's registration id`);
}

describe('authorization: every route, from every identity', { timeout: 120_000 }, () => {
  let t: TestApp;
  let w: World;
  before(async () => ({ t, w } = await openWorld()));
  after(() => closeWorld(t));

  it('the route table lists exactly the routes the app answers', () => {
    const actual = enumerateRoutes(t.app);
    assert.ok(actual.length > 40, `the router walk found only ${actual.length} routes: has express changed its router stack?`);
    const listed = new Set(ROUTES.map(rowKey));
    const missing = actual.filter((r) => !listed.has(rowKey(r)));
    assert.equal(
      missing.length,
      0,
      `These routes are not in the route table. Add a row for each to ROUTES in test/support/security/route-table.ts (who may use it, how to aim it at partner A's / voter A's object; the header of that file explains the areas):\n${missing.map(suggestion).join('\n')}\n`,
    );
    const answered = new Set(actual.map(rowKey));
    const stale = ROUTES.filter((r) => !answered.has(rowKey(r)));
    assert.deepEqual(stale.map(rowKey), [], 'rows for routes the app no longer answers: remove them from the route table');
    assert.equal(listed.size, ROUTES.length, 'a route is listed twice');
  });

  it("refuses every identity that may not use a route on A's object, and shows it nothing of A's", async () => {
    const failures: string[] = [];
    for (const row of ROUTES) {
      if (row.may === 'everyone') continue;
      for (const who of EVERYONE.filter((x) => !(row.may as Who[]).includes(x))) {
        const expected = refusalFor(row, who);
        const url = row.url ? row.url(w, who) : row.path;
        const res = await send(w, row, who);
        const context = `${rowKey(row)} as ${who} (${url})`;
        if (res.status !== expected.status) failures.push(`${context}: ${res.status}, expected ${expected.status}`);
        else if (expected.location && !expected.location.test(res.headers.location ?? ''))
          failures.push(`${context}: sent to ${res.headers.location}`);
        try {
          assertNothingOfA(w, res, context, url);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("lets partner B use the routes scoped to its own data, and shows it nothing of A's", async () => {
    for (const row of ROUTES.filter((r) => r.may !== 'everyone' && r.may.includes('partnerB') && !r.sideEffect)) {
      const res = await send(w, row, 'partnerB');
      assert.equal(res.status, row.ok, `${rowKey(row)} as partner B`);
      assertNothingOfA(w, res, `${rowKey(row)} as partner B`, '');
    }
  });

  it("public routes show nothing of A's to a visitor", async () => {
    for (const row of ROUTES.filter((r) => r.may === 'everyone' && !r.sideEffect)) {
      const url = row.url ? row.url(w, 'visitor') : row.path;
      const res = await send(w, row, 'visitor');
      assert.equal(res.status, row.ok, `${rowKey(row)} as a visitor: ${res.status}`);
      assertNothingOfA(w, res, `${rowKey(row)} as a visitor`, url);
    }
  });

  it("answers the allowed identity with the row's status (each request really reaches A's object)", async () => {
    for (const row of ROUTES.filter((r) => r.may !== 'everyone' && !r.sideEffect)) {
      const who = firstAllowed(row);
      const res = await send(w, row, who);
      assert.equal(res.status, row.ok, `${rowKey(row)} as ${who}: ${res.status} ${res.headers.location ?? ''} ${res.text?.slice(0, 300)}`);
    }
  });

  it('the API ignores cookies: a signed-in partner user without a key is a stranger', async () => {
    for (const row of ROUTES.filter((r) => r.area === 'api')) {
      const url = row.url ? row.url(w, 'partnerA') : row.path;
      const res = await (row.method === 'GET' ? w.a.agent.get(url) : w.a.agent.post(url).send(row.json?.(w) ?? {}));
      assert.equal(res.status, 401, `${rowKey(row)} with partner A's portal cookie only`);
      assertNothingOfA(w, res, rowKey(row), url);
    }
  });

  it("refuses a disabled partner's users at once, not only at their next sign-in", async () => {
    const before = await w.a.agent.get('/partner/export.csv?from=2026-01-01&to=2026-12-31');
    assert.equal(before.status, 200);
    assert.match(before.text, /Quillfeather/);
    const csrf = await w.admin.csrf();
    assert.equal((await w.admin.agent.post(`/admin/partners/${w.a.id}/disable`).type('form').send({ _csrf: csrf })).status, 303);
    for (const path of ['/partner', '/partner/export.csv', '/partner/keys']) {
      const res = await w.a.agent.get(path);
      assert.equal(res.status, 403, `${path} for a disabled partner's user`);
      assert.doesNotMatch(res.text, /Quillfeather/);
    }
    assert.equal((await w.admin.agent.post(`/admin/partners/${w.a.id}/approve`).type('form').send({ _csrf: csrf })).status, 303);
    assert.equal((await w.a.agent.get('/partner')).status, 200, 'approved again: the same session works');
  });
});
