// Rotating APP_KEY (ASVS 1.6.3) on SQLite and (TEST_DATABASE_URL) PostgreSQL: a node restarted
// with a new APP_KEY and the old one in APP_KEY_PREVIOUS keeps serving what the old key made (the
// voter's PDF link and resume token, a form's CSRF token, a staff TOTP secret, an API retry's
// idempotency key); `keys reseal` moves every sealed value to the new key (dry run, a killed run
// run again, a node changing a value meanwhile); then the old key can go. A value under a key
// nobody configured fails the command, naming where it is.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { resealCommand, SEALED_COLUMNS } from '../../../../server/cli/keys.js';
import { createFieldCipher, keyIdOf } from '../../../../server/security/field-cipher.js';
import type { SealedColumn } from '../../../../server/security/reseal.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn } from '../../../support/admin-sign-in.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

const b64 = (k: Buffer) => k.toString('base64');
const keyA = crypto.randomBytes(32);
const keyB = crypto.randomBytes(32);
const keyC = crypto.randomBytes(32);

/** A value as the release before key ids sealed it (v1: no key id). */
function sealOldFormat(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function captureIo() {
  const io = { out: '', err: '' };
  return {
    io,
    streams: { out: { write: (s: string) => (io.out += s) }, err: { write: (s: string) => (io.err += s) } },
  };
}

/** The per-column counts line of the command's output. */
const countsOf = (out: string, column: string) => new RegExp(`^${column.replace('.', '\\.')}: (.*)$`, 'm').exec(out)?.[1];

describe('rotating APP_KEY', () => {
  let t: TestApp;
  let apiKey: string;
  let regUid: string;
  let oldRegUid: string;
  let pdfPath: string;
  let voter: VoterSession;
  let pageCsrf: string;
  let admin: { userId: number; secret: string };
  const idemKey = 'rotation-retry-1';

  const auth = () => ({ Authorization: `Bearer ${apiKey}` });
  const rowOf = async (uid: string) => (await t.ctx.registrations.service.store.byUid(uid))!;
  const sealedValues = async () => {
    const values: string[] = [];
    for (const c of SEALED_COLUMNS) {
      const rows = (await t.ctx.db(c.table).whereNotNull(c.column).select({ v: c.column })) as Array<{ v: string }>;
      values.push(...rows.map((r) => r.v));
    }
    return values.sort();
  };
  const reseal = async (flags: { dryRun: boolean; batchSize?: number }, columns?: SealedColumn[]) => {
    const { io, streams } = captureIo();
    const code = await resealCommand(t.ctx.db, t.ctx.cipher, flags, streams, columns);
    return { code, ...io };
  };

  before(async () => {
    t = await makeTestApp({ sqliteFile: true, env: { APP_KEY: b64(keyA) } });
    const partner = await t.ctx.partners.store.create('League of Voters', null);
    apiKey = partner.apiKey;
    // A partner with a webhook: its signing secret is sealed (another partner, so nothing is delivered).
    const hooked = await t.ctx.partners.store.create('Hooked Org', null);
    await t.ctx.partners.webhooks.configure(hooked.partner.id, 'https://hooks.example.org/rollcall', true);
    // An API registration (ID number sealed) with its PDF link (token sealed).
    const created = await request(t.app).post('/api/v1/registrations').set(auth()).set('Idempotency-Key', idemKey).send(apiBody());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    regUid = created.body.id as string;
    await t.ctx.jobs.runner.drain();
    const polled = await request(t.app).get(`/api/v1/registrations/${regUid}`).set(auth()).expect(200);
    pdfPath = new URL(polled.body.pdfUrl as string).pathname;
    // A registration from before key ids: its ID number in the old format.
    const older = await request(t.app)
      .post('/api/v1/registrations')
      .set(auth())
      .send(apiBody({ idNumber: 'E7654321' }));
    oldRegUid = older.body.id as string;
    await t.ctx.registrations.service.store.update(t.ctx.db, (await rowOf(oldRegUid)).id, {
      id_number_enc: sealOldFormat(keyA, 'E7654321'),
    });
    // A web voter part-way (resume token sealed for the follow-up mail), with a form open in the browser.
    voter = new VoterSession(t.app);
    await voter.start();
    pageCsrf = csrfOf((await voter.get('eligibility')).text);
    // A staff member with a TOTP secret.
    const staff = await signIn(t, 'admin');
    admin = { userId: staff.userId, secret: staff.secret! };

    t = await t.restart({ APP_KEY: b64(keyB), APP_KEY_PREVIOUS: b64(keyA) });
  });
  after(() => t.close());

  it('during the window, the voter’s PDF link made before the rotation is answered again and opens', async () => {
    const polled = await request(t.app).get(`/api/v1/registrations/${regUid}`).set(auth());
    assert.equal(polled.status, 200, polled.text);
    assert.equal(new URL(polled.body.pdfUrl as string).pathname, pdfPath, 'the same link as before the rotation');
    const pdf = await request(t.app).get(pdfPath).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  it('during the window, the voter’s resume link works and its sealed copy (for the follow-up mail) opens', async () => {
    assert.equal(
      (await request(t.app).get(`/r/${voter.token}/eligibility`)).status,
      200,
      'the voter session drove the app before the restart',
    );
    const row = (await t.ctx.registrations.service.store.byResumeHash(crypto.createHash('sha256').update(voter.token).digest('hex')))!;
    assert.equal(t.ctx.registrations.service.resumeTokenOf(row), voter.token);
  });

  it('during the window, a form rendered before the rotation still posts (its CSRF token verifies under the previous key)', async () => {
    const res = await request(t.app)
      .post(`/r/${voter.token}/eligibility`)
      .type('form')
      .send({ _csrf: pageCsrf, ...californiaVoter.eligibility });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(res.headers.location, `/r/${voter.token}/name`);
  });

  it('during the window, ID numbers (new and old format), TOTP secrets and an API retry all work', async () => {
    assert.equal(await t.ctx.registrations.service.idNumberOf(await rowOf(regUid)), 'D1234567');
    assert.equal(await t.ctx.registrations.service.idNumberOf(await rowOf(oldRegUid)), 'E7654321');
    const user = (await t.ctx.auth.users.byId(admin.userId))!;
    assert.equal(t.ctx.admin.totp.secretOf(user.totp_secret_enc!), admin.secret);
    // The client's retry, its first answer lost at the moment of the rotation: the same registration.
    const retry = await request(t.app).post('/api/v1/registrations').set(auth()).set('Idempotency-Key', idemKey).send(apiBody());
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.id, regUid);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
  });

  it('the dry run counts what needs re-sealing and writes nothing', async () => {
    const before = await sealedValues();
    const run = await reseal({ dryRun: true });
    assert.equal(run.code, 0, run.err);
    assert.equal(countsOf(run.out, 'registrations.id_number_enc'), '2 would be re-sealed, 0 already current, 0 failed');
    assert.equal(countsOf(run.out, 'registrations.resume_token_sealed'), '1 would be re-sealed, 0 already current, 0 failed');
    assert.equal(countsOf(run.out, 'download_links.token_sealed'), '1 would be re-sealed, 0 already current, 0 failed');
    assert.equal(countsOf(run.out, 'users.totp_secret_enc'), '1 would be re-sealed, 0 already current, 0 failed');
    assert.equal(countsOf(run.out, 'partners.webhook_secret_enc'), '1 would be re-sealed, 0 already current, 0 failed');
    // The voters' personal data (ASVS 6.1.1): the two registrations from before the rotation, and the
    // web voter started after it (answers and email so far, sealed under the new key already).
    assert.equal(countsOf(run.out, 'registrations.answers'), '2 would be re-sealed, 1 already current, 0 failed');
    assert.equal(countsOf(run.out, 'registrations.email'), '2 would be re-sealed, 1 already current, 0 failed');
    assert.equal(countsOf(run.out, 'registrations.first_name'), '2 would be re-sealed, 0 already current, 0 failed');
    assert.equal(countsOf(run.out, 'registrations.last_name'), '2 would be re-sealed, 0 already current, 0 failed');
    assert.match(
      run.out,
      new RegExp(`^total: 14 would be re-sealed, 2 already current, 0 failed \\(current key ${keyIdOf(keyB)}\\)$`, 'm'),
    );
    assert.deepEqual(await sealedValues(), before);
  });

  it('a run killed part-way is simply run again: it re-seals the rest, then finds everything current', async () => {
    let writes = 0;
    const dying = SEALED_COLUMNS.map((c) => ({
      ...c,
      replace: async (...args: Parameters<SealedColumn['replace']>) => {
        if (++writes > 2) throw new Error('killed');
        return c.replace(...args);
      },
    }));
    await assert.rejects(reseal({ dryRun: false, batchSize: 1 }, dying), /killed/);
    const again = await reseal({ dryRun: false, batchSize: 1 });
    assert.equal(again.code, 0, again.err + again.out);
    assert.match(again.out, /^total: 12 re-sealed, 4 already current, 0 failed/m);
    const once = await reseal({ dryRun: false });
    assert.match(once.out, /^total: 0 re-sealed, 16 already current, 0 failed/m);
    assert.match(once.out, /no sealed value needs APP_KEY_PREVIOUS/);
    const check = await reseal({ dryRun: true });
    assert.match(check.out, /^total: 0 would be re-sealed, 16 already current, 0 failed/m);
    for (const value of await sealedValues()) assert.ok(value.startsWith(`v2.${keyIdOf(keyB)}.`), value.slice(0, 12));
  });

  it('a value a node changes while the command runs is kept, not overwritten with the old one', async () => {
    const row = await rowOf(oldRegUid);
    const store = t.ctx.registrations.service.store;
    await store.update(t.ctx.db, row.id, { id_number_enc: sealOldFormat(keyB, 'E7654321') });
    const racing = SEALED_COLUMNS.map((c) =>
      c.column !== 'id_number_enc'
        ? c
        : {
            ...c,
            replace: async (...args: Parameters<SealedColumn['replace']>) => {
              // the voter's new answer lands between the command's read and its write
              const [trx] = args;
              await store.update(trx, row.id, { id_number_enc: t.ctx.cipher.encrypt('F1111111') });
              return c.replace(...args);
            },
          },
    );
    const run = await reseal({ dryRun: false }, racing);
    assert.equal(run.code, 0, run.err);
    assert.equal(countsOf(run.out, 'registrations.id_number_enc'), '0 re-sealed, 2 already current, 0 failed');
    assert.equal(await t.ctx.registrations.service.idNumberOf(await rowOf(oldRegUid)), 'F1111111');
  });

  it('with the previous key dropped, everything opens: PDF link, resume token, ID numbers, TOTP secret, webhook secret', async () => {
    t = await t.restart({ APP_KEY: b64(keyB), APP_KEY_PREVIOUS: '' });
    const polled = await request(t.app).get(`/api/v1/registrations/${regUid}`).set(auth());
    assert.equal(polled.status, 200, polled.text);
    assert.equal(new URL(polled.body.pdfUrl as string).pathname, pdfPath);
    assert.equal((await request(t.app).get(pdfPath)).status, 200);
    const row = (await t.ctx.registrations.service.store.byResumeHash(crypto.createHash('sha256').update(voter.token).digest('hex')))!;
    assert.equal(t.ctx.registrations.service.resumeTokenOf(row), voter.token);
    assert.equal(await t.ctx.registrations.service.idNumberOf(await rowOf(regUid)), 'D1234567');
    const user = (await t.ctx.auth.users.byId(admin.userId))!;
    assert.equal(t.ctx.admin.totp.secretOf(user.totp_secret_enc!), admin.secret);
    const hooks = (await t.ctx.db('partners').whereNotNull('webhook_secret_enc').select('webhook_secret_enc')) as Array<{
      webhook_secret_enc: string;
    }>;
    assert.match(t.ctx.cipher.decrypt(hooks[0]!.webhook_secret_enc), /^whsec_/);
  });

  it('a value sealed under a key nobody configured fails the command (exit 2), named by column, row and key id, and is left as it is', async () => {
    const row = await rowOf(regUid);
    const foreign = createFieldCipher(keyC).encrypt('D1234567');
    await t.ctx.registrations.service.store.update(t.ctx.db, row.id, { id_number_enc: foreign });
    const run = await reseal({ dryRun: false });
    assert.equal(run.code, 2);
    assert.equal(countsOf(run.out, 'registrations.id_number_enc'), '0 re-sealed, 1 already current, 1 failed');
    assert.match(
      run.err,
      new RegExp(
        `registrations\\.id_number_enc, row id = ${row.id}: sealed under key ${keyIdOf(keyC)}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`,
      ),
    );
    assert.match(run.err, /1 value\(s\) open with no configured key: add the key they were sealed under to APP_KEY_PREVIOUS/);
    assert.ok(!run.err.includes('D1234567') && !run.out.includes('D1234567'), 'no content is printed');
    assert.equal((await rowOf(regUid)).id_number_enc, foreign);
    assert.equal((await reseal({ dryRun: true })).code, 2, 'the dry run fails the same way');
  });
});
