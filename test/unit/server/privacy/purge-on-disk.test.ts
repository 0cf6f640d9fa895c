// A purged voter's data is gone from the database's files, not just from its answers: the names,
// email, street and campaign tags of a registration past retention, and the sealed values that hold
// them at rest (issue 16, ASVS 6.1.1: readable by anyone with APP_KEY), are searched for, byte by
// byte, in the SQLite file and its write-ahead log after the purge. Before: the UPDATE left the old page
// versions in the -wal file (and the utm column was not wiped at all). On PostgreSQL an UPDATE
// leaves the old row version until VACUUM and its bytes until the space is reused (docs/security.md):
// this test is SQLite's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

const DAY = 24 * 60 * 60_000;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('purged data on disk (SQLite)', { skip: onPostgres ? 'the database files are PostgreSQL’s (docs/security.md)' : false }, () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp({ sqliteFile: true });
  });
  after(() => t.close());

  it('leaves no byte of the voter in the database file or its write-ahead log', async () => {
    const { apiKey } = await t.ctx.partners.store.create('Purge Club', null);
    const traces: [string, string, string, string, string] = [
      'Zebulonia',
      'Quixotessa',
      'zq.purge.trace@example.org',
      '4417 Marigold Purge Lane',
      'purge-trace-campaign',
    ];
    const res = await request(t.app)
      .post('/api/v1/registrations')
      .set('Authorization', `Bearer ${apiKey}`)
      .send(
        apiBody({
          firstName: traces[0],
          lastName: traces[1],
          email: traces[2],
          homeAddress: { street: traces[3], city: 'Sacramento', state: 'CA', zip: '95814' },
        }),
      );
    assert.equal(res.status, 201, res.text);
    const row = await t.ctx.db('registrations').where({ uid: res.body.id }).first('id');
    await t.ctx.registrations.service.recordUtm(row, { utm_campaign: traces[4] });
    await t.ctx.jobs.runner.drain();

    const files = () => ['rollcall.sqlite', 'rollcall.sqlite-wal'].map((f) => path.join(t.dir, f)).filter((f) => fs.existsSync(f));
    const found = (needles: readonly string[]) =>
      files().flatMap((file) => {
        const bytes = fs.readFileSync(file);
        return needles.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${path.basename(file)}: "${s.slice(0, 40)}"`);
      });
    // Names, email and street are sealed at rest: the files hold their sealed values, and the campaign tag.
    const sealed = Object.values(
      (await t.ctx.db('registrations').where({ id: row.id }).first('answers', 'email', 'first_name', 'last_name')) as Record<
        string,
        string
      >,
    );
    const missing = [...sealed, traces[4]].filter((s) => found([s]).length === 0);
    assert.deepEqual(missing, [], 'the voter is in the files before the purge');

    (t.clock as FakeClock).advance(15 * DAY);
    assert.equal((await t.ctx.privacy.purger.run({ dryRun: false })).registrations, 1);
    assert.deepEqual(found([...traces, ...sealed]), [], 'readable after the purge');
  });
});
