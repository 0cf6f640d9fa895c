// A voter's personal data is sealed at rest (issue 16, ASVS 6.1.1), on SQLite and (TEST_DATABASE_URL)
// PostgreSQL: the registration's answers, email and names are stored as sealed values, never as
// the text the voter typed (on SQLite, not one byte of it in the database file or its write-ahead
// log); and everyone who reads them still does: the voter's own pages, the admin search (exact
// name or email, any case, through the blind indexes), the admin page, the partner's CSV. A
// database upgraded from a release that stored them in plain text keeps working, and `rollcall
// keys reseal` seals those rows and makes them searchable.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { resealCommand } from '../../../../server/cli/keys.js';
import { isSealedValue } from '../../../../server/security/field-cipher.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const PERSONAL = ['answers', 'email', 'first_name', 'last_name'] as const;

/** What the voter typed, each string unusual enough that finding it anywhere means it leaked. */
const voter = {
  firstName: 'Ximenatrix',
  lastName: 'Quorbellwyn',
  email: 'x.quorbellwyn.seal@example.org',
  street: '8821 Sealedrest Avenue',
  idNumber: 'D7415963',
};
const traces = [voter.firstName, voter.lastName, voter.email, voter.street, voter.idNumber, '1987-03-19'];

describe('personal data sealed at rest', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let partnerId: string;
  let uid: string;

  before(async () => {
    t = await makeTestApp({ sqliteFile: true });
    const created = await t.ctx.partners.store.create('Seal Club', null);
    partnerId = created.partner.id;
    const res = await request(t.app)
      .post('/api/v1/registrations')
      .set('Authorization', `Bearer ${created.apiKey}`)
      .send(
        apiBody({
          firstName: voter.firstName,
          lastName: voter.lastName,
          email: voter.email,
          dateOfBirth: '1987-03-19',
          idNumber: voter.idNumber,
          homeAddress: { street: voter.street, city: 'Sacramento', state: 'CA', zip: '95814' },
        }),
      );
    assert.equal(res.status, 201, res.text);
    uid = res.body.id as string;
    await t.ctx.jobs.runner.drain();
    admin = await signIn(t, 'support');
  });
  after(() => t.close());

  const rawRow = async (where: Record<string, unknown>) =>
    (await t.ctx
      .db('registrations')
      .where(where)
      .first(...PERSONAL, 'email_hmac', 'last_name_hmac')) as Record<string, string | null>;

  it('stores the answers, email and names sealed, holding none of what the voter typed', async () => {
    const raw = await rawRow({ uid });
    for (const column of PERSONAL) {
      assert.ok(isSealedValue(raw[column]!), `${column} is sealed: ${raw[column]!.slice(0, 12)}…`);
      for (const s of traces) assert.ok(!raw[column]!.includes(s), `${column} holds no "${s}"`);
    }
    // and the owner opens them for everyone else
    const row = (await t.ctx.registrations.service.store.byUid(uid))!;
    assert.equal(row.last_name, voter.lastName);
    assert.equal(row.email, voter.email);
    assert.equal(JSON.parse(row.answers).homeAddress.street, voter.street);
  });

  it(
    'leaves not one byte of it in the SQLite file or its write-ahead log',
    { skip: onPostgres && 'PostgreSQL’s files: the columns above' },
    () => {
      const files = ['rollcall.sqlite', 'rollcall.sqlite-wal'].map((f) => path.join(t.dir, f)).filter((f) => fs.existsSync(f));
      assert.ok(files.length > 0);
      const found = files.flatMap((file) => {
        const bytes = fs.readFileSync(file);
        return traces.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${path.basename(file)}: "${s}"`);
      });
      assert.deepEqual(found, []);
    },
  );

  it('the admin search finds the voter by exact name or email in any case, and shows the name', async () => {
    for (const query of [
      `name=${voter.lastName.toUpperCase()}`,
      `name=${voter.firstName}+${voter.lastName}`,
      `email=${voter.email.toUpperCase()}`,
    ]) {
      const res = await admin.agent.get(`/admin/registrations?${query}`);
      assert.equal(res.status, 200);
      assert.ok(res.text.includes(uid), `found with ${query}`);
      assert.ok(res.text.includes(`${voter.lastName}, ${voter.firstName}`), 'the row shows the opened name');
    }
    const none = await admin.agent.get(`/admin/registrations?name=${voter.lastName.slice(0, 6)}`);
    assert.ok(!none.text.includes(uid), 'exact match only: a prefix finds nothing');
    const detail = await admin.agent.get(`/admin/registrations/${uid}`);
    assert.ok(detail.text.includes(voter.street), 'the admin page shows the answers');
  });

  it('the partner’s CSV holds the opened values', async () => {
    const rows = await t.ctx.partners.reports.exportPage(partnerId, { from: 0, until: Number.MAX_SAFE_INTEGER }, 0, 10);
    assert.equal(rows.length, 1);
    assert.equal(JSON.parse(rows[0]!.answers).lastName, voter.lastName);
  });

  it('a row stored in plain text by an earlier release is read as it is, and keys reseal seals it and makes it searchable', async () => {
    const row = (await t.ctx.registrations.service.store.byUid(uid))!;
    const legacyUid = 'b'.repeat(32);
    // As the release before this one wrote it: plain columns, no blind index.
    const { id: _id, email_hmac: _e, first_name_hmac: _f, last_name_hmac: _l, ...plain } = row;
    await t.ctx
      .db('registrations')
      .insert({ ...plain, uid: legacyUid, resume_hash: null, last_name: 'Oldwritten', email: 'old.written@example.org' });
    const legacy = (await t.ctx.registrations.service.store.byUid(legacyUid))!;
    assert.equal(legacy.last_name, 'Oldwritten', 'a plain value reads as it is');
    assert.equal(JSON.parse(legacy.answers).lastName, voter.lastName);
    const before = await admin.agent.get('/admin/registrations?name=oldwritten');
    assert.ok(!before.text.includes(legacyUid), 'not searchable before the reseal (docs/deploy.md says to run it once)');

    const out = { out: '', err: '' };
    const code = await resealCommand(t.ctx.db, t.ctx.cipher, { dryRun: false }, {
      out: { write: (s: string) => (out.out += s) },
      err: { write: (s: string) => (out.err += s) },
    } as never);
    assert.equal(code, 0, out.err);
    assert.match(out.out, /^registrations\.last_name: 1 re-sealed, 1 already current, 0 failed$/m);
    const raw = await rawRow({ uid: legacyUid });
    for (const column of PERSONAL) assert.ok(isSealedValue(raw[column]!), `${column} sealed by the reseal`);
    assert.equal(raw.last_name_hmac, t.ctx.cipher.blindIndex('Oldwritten'));
    const after = await admin.agent.get('/admin/registrations?name=oldwritten');
    assert.ok(after.text.includes(legacyUid), 'found once its blind index is written');
    assert.equal((await t.ctx.registrations.service.store.byUid(legacyUid))!.email, 'old.written@example.org');
  });
});
