// `rollcall keys reseal` as an operator runs it (the built command line, SQLite in a fresh data
// directory; the same command on PostgreSQL is proven by security/key-rotation.test.ts): counts per
// column, the dry run, exit 2 naming a value no configured key opens, bad settings refused; the plain
// print address and survey answers of a database upgraded to this release sealed (ASVS 6.1.1).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { recordTotpStep, Users } from '../../../../server/auth/users.js';
import { systemClock } from '../../../../server/clock.js';
import { migrateLatest, openDb, sqliteFileIn, type Db } from '../../../../server/db/connect.js';
import { createFieldCipher, isSealedValue, keyIdOf } from '../../../../server/security/field-cipher.js';
import { runCli, tempDataDir } from '../../../support/run-cli.js';

const keyA = crypto.randomBytes(32);
const keyB = crypto.randomBytes(32);
const keyC = crypto.randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');

describe('rollcall keys reseal', { timeout: 120_000 }, () => {
  let data: ReturnType<typeof tempDataDir>;
  let db: Db;
  let users: Users;
  const totpOf = async (id: number) =>
    ((await db('users').where({ id }).first('totp_secret_enc')) as { totp_secret_enc: string }).totp_secret_enc;
  const reseal = (args: string[], env: Record<string, string>) =>
    runCli(['keys', 'reseal', ...args], { env: { DATA_DIR: data.dir, ...env } });
  const rotated = { APP_KEY: b64(keyB), APP_KEY_PREVIOUS: b64(keyA) };

  before(async () => {
    data = tempDataDir();
    db = openDb({ sqliteFile: sqliteFileIn(data.dir) });
    await migrateLatest(db);
    users = new Users(db, systemClock);
    // A staff member enrolled under the old key.
    const ana = await users.create({ email: 'ana@example.org', password: 'correct horse battery staple', role: 'admin' });
    assert.ok(await recordTotpStep(db, ana.id, null, 1, createFieldCipher(keyA).encrypt('JBSWY3DPEHPK3PXP')));
  });
  after(async () => {
    await db.destroy();
    data.cleanup();
  });

  it('--dry-run counts, names the keys, writes nothing', async () => {
    const before = await totpOf(1);
    const r = await reseal(['--dry-run'], rotated);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`current key ${keyIdOf(keyB)}; previous keys: ${keyIdOf(keyA)} \\(dry run: nothing is written\\)`));
    assert.match(r.stdout, /^users\.totp_secret_enc: 1 would be re-sealed, 0 already current, 0 failed$/m);
    assert.match(r.stdout, /^registrations\.id_number_enc: 0 would be re-sealed, 0 already current, 0 failed$/m);
    assert.match(r.stdout, /^total: 1 would be re-sealed, 0 already current, 0 failed/m);
    assert.match(r.stderr, /stored PDFs are not re-sealed: .* \(RETENTION_DAYS = 14\); keep it configured that long/);
    assert.equal(await totpOf(1), before);
  });

  it('re-seals under APP_KEY; run again, everything is current and the previous key is no longer needed', async () => {
    const first = await reseal([], rotated);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^total: 1 re-sealed, 0 already current, 0 failed/m);
    assert.equal(createFieldCipher(keyB).decrypt(await totpOf(1)), 'JBSWY3DPEHPK3PXP', 'opens with APP_KEY alone');
    const again = await reseal([], { APP_KEY: b64(keyB) });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^total: 0 re-sealed, 1 already current, 0 failed/m);
    assert.match(again.stdout, /no sealed value needs APP_KEY_PREVIOUS/);
  });

  it('seals the plain print address and survey answers a database upgraded to this release holds (ASVS 6.1.1)', async () => {
    // Rows as the release before wrote them: plain text in the columns now sealed.
    await db('registrations').insert({
      uid: 'PLAINBEFORE1',
      channel: 'web',
      lang: 'en',
      status: 'accepted',
      step: 'done',
      answers: '{}',
      created_at: 1,
      updated_at: 1,
    });
    const { id: registrationId } = (await db('registrations').where({ uid: 'PLAINBEFORE1' }).first('id')) as { id: number };
    const plain = { street: '12 Unsealed Row', unit: 'Apt 9', city: 'Plainville', state: 'CA', zip: '95616' };
    await db('print_requests').insert({ registration_id: registrationId, status: 'waiting', requested_at: 1, ...plain });
    await db('registration_survey').insert([
      { registration_id: registrationId, item: 'question_1', lang: 'en', prompt: 'Why?', answer: 'Because of the river', recorded_at: 1 },
      {
        registration_id: registrationId,
        item: 'sms_optin',
        lang: 'en',
        prompt: 'Texts?',
        ticked: true,
        phone: '(202) 555-0142',
        recorded_at: 1,
      },
    ]);
    const dry = await reseal(['--dry-run'], { APP_KEY: b64(keyB) });
    assert.equal(dry.code, 0, dry.stderr);
    for (const column of ['print_requests.street', 'print_requests.unit', 'print_requests.city', 'registration_survey.answer'])
      assert.match(dry.stdout, new RegExp(`^${column.replace('.', '\\.')}: 1 would be re-sealed, 0 already current, 0 failed$`, 'm'));
    assert.match(dry.stdout, /^registration_survey\.phone: 1 would be re-sealed, 0 already current, 0 failed$/m);
    const r = await reseal([], { APP_KEY: b64(keyB) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^print_requests\.street: 1 re-sealed, 0 already current, 0 failed$/m);
    assert.match(r.stdout, /^registration_survey\.phone: 1 re-sealed, 0 already current, 0 failed$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /Unsealed Row|Plainville|river|555-0142/, 'no content in the output');
    const cipher = createFieldCipher(keyB);
    const request = (await db('print_requests').where({ registration_id: registrationId }).first()) as Record<string, string>;
    for (const column of ['street', 'unit', 'city'] as const) {
      assert.ok(isSealedValue(request[column]!), `print_requests.${column} sealed`);
      assert.equal(cipher.decrypt(request[column]!), plain[column]);
    }
    assert.deepEqual([request.state, request.zip], ['CA', '95616'], 'state and ZIP stay plain');
    const survey = (await db('registration_survey').where({ registration_id: registrationId }).orderBy('item')) as Array<
      Record<string, string | null>
    >;
    assert.equal(cipher.decrypt(survey[0]!.answer!), 'Because of the river');
    assert.equal(cipher.decrypt(survey[1]!.phone!), '(202) 555-0142');
    assert.equal(survey[1]!.answer, null, 'a null stays null');
    const again = await reseal([], { APP_KEY: b64(keyB) });
    assert.match(again.stdout, /^print_requests\.street: 0 re-sealed, 1 already current, 0 failed$/m);
  });

  it('exits 2 when a value opens with no configured key, naming its column, row and key id', async () => {
    const bo = await users.create({ email: 'bo@example.org', password: 'correct horse battery staple', role: 'admin' });
    assert.ok(await recordTotpStep(db, bo.id, null, 1, createFieldCipher(keyC).encrypt('JBSWY3DPEHPK3PXP')));
    const r = await reseal(['--batch-size', '1'], rotated);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^users\.totp_secret_enc: 0 re-sealed, 1 already current, 1 failed$/m);
    assert.match(
      r.stderr,
      new RegExp(
        `keys reseal: users\\.totp_secret_enc, row id = ${bo.id}: sealed under key ${keyIdOf(keyC)}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`,
      ),
    );
    assert.doesNotMatch(r.stderr, /JBSWY3DPEHPK3PXP|\n\s+at /, 'no content, no stack trace');
  });

  it('refuses a bad APP_KEY_PREVIOUS or batch size in one line, exit 1', async () => {
    const bad = await reseal([], { APP_KEY: b64(keyB), APP_KEY_PREVIOUS: 'short' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /APP_KEY_PREVIOUS: key 1: must be 32 bytes/);
    const size = await reseal(['--batch-size', '0'], rotated);
    assert.equal(size.code, 1);
    assert.equal(size.stderr, '--batch-size: a whole number from 1 to 999999\n');
  });
});
