// Idempotency-Key on POST /api/v1/registrations: a retried request never makes a second
// registration, on SQLite and (TEST_DATABASE_URL) PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { isPostgres } from '../../../../server/db/connect.js';
import { GroupCommit } from '../../../../server/db/group-commit.js';
import { JobQueue } from '../../../../server/jobs/queue.js';
import type { Answers } from '../../../../server/registrations/answers.js';
import { canonicalJson, fingerprintKeyFrom, IdempotencyKeys } from '../../../../server/registrations/idempotency.js';
import { RegistrationService } from '../../../../server/registrations/service.js';
import { resolveAppKey } from '../../../../server/security/app-key.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

const DAY = 24 * 60 * 60_000;

describe('API idempotency keys', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let partnerId: string;
  let n = 0;
  const newKey = () => `key-${process.pid}-${++n}`;

  before(async () => {
    t = await makeTestApp();
    const created = await t.ctx.partners.store.create('League of Voters', null);
    key = created.apiKey;
    partnerId = created.partner.id;
    otherKey = (await t.ctx.partners.store.create('Other Org', null)).apiKey;
  });
  after(() => t.close());

  const post = (body: unknown, idempotencyKey?: string, apiKey = key) => {
    const req = request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`);
    if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body as object);
  };
  const countRows = async (table: string) => Number(((await t.ctx.db(table).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  const counts = async () => ({
    registrations: await countRows('registrations'),
    jobs: await countRows('jobs'),
    keys: await countRows('idempotency_keys'),
  });

  it('answers a replay (same key, same body in any key order) with the first registration, 201 and Idempotent-Replayed', async () => {
    const k = newKey();
    const first = await post(apiBody(), k);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const before = await counts();
    // The same body with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(apiBody()).reverse());
    const again = await post(reordered, k);
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers.location, first.headers.location);
    assert.deepEqual(await counts(), before, 'a replay writes nothing');
    // After the PDF is made the replay still names the same registration.
    await t.ctx.jobs.runner.drain();
    const later = await post(apiBody(), k);
    assert.equal(later.body.id, first.body.id);
    assert.equal((await t.ctx.db('registrations').where({ uid: first.body.id }).first()).status, 'pdf_ready');
  });

  it('refuses the same key with a different body: 422 naming Idempotency-Key, nothing written', async () => {
    const k = newKey();
    const first = await post(apiBody(), k);
    assert.equal(first.status, 201);
    const before = await counts();
    const res = await post(apiBody({ firstName: 'Ana' }), k);
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.fields.map((f: { path: string }) => f.path),
      ['Idempotency-Key'],
    );
    assert.match(res.body.fields[0].message, /different request body/);
    assert.deepEqual(await counts(), before);
  });

  it('makes a new registration for each request without a key, or with a new key', async () => {
    const a = await post(apiBody());
    const b = await post(apiBody());
    const c = await post(apiBody(), newKey());
    const d = await post(apiBody(), newKey());
    assert.equal(new Set([a.body.id, b.body.id, c.body.id, d.body.id]).size, 4);
  });

  it("scopes keys per partner: another partner's same key makes its own registration and reveals nothing", async () => {
    const k = newKey();
    const mine = await post(apiBody(), k);
    const theirs = await post(apiBody(), k, otherKey);
    assert.equal(theirs.status, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual(theirs.body.id, mine.body.id);
    const rows = await t.ctx.db('registrations').whereIn('uid', [mine.body.id, theirs.body.id]).select('uid', 'partner_id');
    assert.equal(rows.find((r) => r.uid === mine.body.id).partner_id, partnerId);
    assert.notEqual(rows.find((r) => r.uid === theirs.body.id).partner_id, partnerId);
    // The other partner's key with a different body is refused by its own registration, not mine.
    assert.equal((await post(apiBody({ firstName: 'Ana' }), k, otherKey)).status, 422);
  });

  it('answers a malformed header with 422 naming Idempotency-Key, and writes nothing', async () => {
    const before = await counts();
    for (const bad of ['', 'x'.repeat(256), 'clé-é', 'tab\there']) {
      const res = await post(apiBody(), bad);
      assert.equal(res.status, 422, `${JSON.stringify(bad)} → ${res.status}`);
      assert.deepEqual(
        res.body.fields.map((f: { path: string }) => f.path),
        ['Idempotency-Key'],
      );
    }
    assert.deepEqual(await counts(), before);
    const longest = await post(apiBody(), 'k'.repeat(250) + String(++n).padStart(5, '0'));
    assert.equal(longest.status, 201);
  });

  it('makes one registration from many concurrent requests with one key; every one answers it', async () => {
    const k = newKey();
    const before = await counts();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(apiBody(), k)));
    for (const res of answers) assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(new Set(answers.map((r) => r.body.id)).size, 1);
    assert.equal(answers.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1, 'exactly one request made it');
    assert.deepEqual(await counts(), { registrations: before.registrations + 1, jobs: before.jobs + 1, keys: before.keys + 1 });
  });

  it('makes one registration when two nodes (each its own group commit) race on one key', async () => {
    // A second "node": its own job queue and group commit over the same database.
    const appKey = resolveAppKey(t.ctx.config.appKey, t.dir, () => {});
    const node2Commits = new GroupCommit(t.ctx.db);
    const node2 = new RegistrationService(
      t.ctx.db,
      node2Commits,
      new JobQueue(t.ctx.db, t.clock, node2Commits),
      t.ctx.cipher,
      t.clock,
      new IdempotencyKeys(fingerprintKeyFrom(appKey)),
      t.ctx.mail.voter,
      t.ctx.config.followUpDelayMs,
    );
    const node1 = t.ctx.registrations.service;
    for (let round = 0; round < 5; round++) {
      const k = newKey();
      const body = apiBody();
      const {
        lang: _lang,
        idNumber,
        source: _source,
        tracking: _tracking,
        ...fields
      } = body as Record<string, unknown> & { homeAddress: { zip: string } };
      const answers = { ...fields, zip: fields.homeAddress.zip } as Answers;
      const create = (svc: RegistrationService) =>
        svc.createComplete('api', 'en', answers, idNumber as string, { partnerId }, { key: k, body });
      const results = await Promise.all([create(node1), create(node2), create(node1), create(node2)]);
      assert.equal(new Set(results.map((r) => r.row.uid)).size, 1, `round ${round}: one registration`);
      assert.equal(results.filter((r) => !r.replayed).length, 1, `round ${round}: one creator`);
      const uid = results[0]!.row.uid;
      const rows = await t.ctx.db('registrations').where({ uid });
      assert.equal(rows.length, 1);
      const jobs = (await t.ctx.db('jobs').where({ kind: 'render_pdf' }).select('payload')).filter(
        (j) => JSON.parse(j.payload).registrationId === rows[0].id,
      );
      assert.equal(jobs.length, 1, 'one render job');
    }
  });

  it('commits the key with the registration: when the key cannot be written, neither is the registration nor its job', async () => {
    const db = t.ctx.db;
    if (isPostgres(db)) {
      await db.raw(`create function refuse_key() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`);
      await db.raw('create trigger refuse_key before insert on idempotency_keys for each row execute function refuse_key()');
    } else {
      await db.raw(`create trigger refuse_key before insert on idempotency_keys begin select raise(abort, 'injected failure'); end`);
    }
    try {
      const before = await counts();
      const res = await post(apiBody(), newKey());
      assert.equal(res.status, 500);
      assert.deepEqual(await counts(), before, 'no registration or job without its key');
    } finally {
      await db.raw('drop trigger refuse_key' + (isPostgres(db) ? ' on idempotency_keys' : ''));
      if (isPostgres(db)) await db.raw('drop function refuse_key()');
    }
    const k = newKey();
    assert.equal((await post(apiBody(), k)).status, 201);
    assert.equal((await post(apiBody(), k)).headers['idempotent-replayed'], 'true');
  });

  it('purges the keys with the registrations', async () => {
    const k = newKey();
    assert.equal((await post(apiBody(), k)).status, 201);
    assert.ok((await countRows('idempotency_keys')) > 0);
    (t.clock as FakeClock).advance(15 * DAY);
    await t.ctx.privacy.purger.run({ dryRun: false });
    assert.equal(await countRows('idempotency_keys'), 0);
    // The key is free again: after retention a retry is a new registration.
    const again = await post(apiBody(), k);
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], undefined);
  });

  it('canonical JSON ignores key order and absent values, and keeps array order and types', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } }), canonicalJson({ a: { c: 'x', d: [2, 1] }, b: 1 }));
    assert.equal(canonicalJson({ a: 1, b: undefined }), canonicalJson({ a: 1 }));
    assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
    assert.notEqual(canonicalJson({ a: null }), canonicalJson({}));
  });
});
