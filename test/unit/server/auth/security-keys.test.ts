// Security keys and passkeys (ASVS 2.3.2): the server side of both ceremonies, against a software
// authenticator (test/support/soft-authenticator.ts) that signs as a real key does, and lies on
// purpose (another origin, rpID or challenge, a counter that went back).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHALLENGE_TTL_MS, deleteAllSecurityKeys, relyingPartyOf } from '../../../../server/auth/security-keys.js';
import type { Session } from '../../../../server/auth/sessions.js';
import type { User } from '../../../../server/auth/users.js';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { SoftAuthenticator } from '../../../support/soft-authenticator.js';

const ORIGIN = 'http://rollcall.test'; // the fixture's BASE_URL
const password = 'correct horse battery staple';

describe('security keys (WebAuthn second factor)', () => {
  let t: TestApp;
  let staff: User;
  let partnerUser: User;
  before(async () => {
    t = await makeTestApp();
    staff = await t.ctx.auth.users.create({ email: 'staff@example.org', password, role: 'admin' });
    const partnerId = (await t.ctx.partners.store.create('Key Club', 'club@example.org')).partner.id;
    partnerUser = await t.ctx.auth.users.create({ email: 'partner@example.org', password, role: 'partner', partnerId });
  });
  after(() => t.close());
  const keys = () => t.ctx.auth.securityKeys;
  const session = async (user: User): Promise<Session> => (await t.ctx.auth.sessions.create(user.id, false)).session;

  /** Registers a new software key for `user`; returns it. */
  async function enrol(user: User, counts = true): Promise<SoftAuthenticator> {
    const key = new SoftAuthenticator(ORIGIN, counts);
    const s = await session(user);
    const options = await keys().registrationOptions(user, s);
    const added = await keys().add(user.id, s, key.register(options), 'desk key');
    assert.equal(added.ok, true, JSON.stringify(added));
    return key;
  }

  async function signIn(user: User, key: SoftAuthenticator, lies = {}) {
    const s = await session(user);
    const options = (await keys().signInOptions(user.id, s))!;
    return keys().verifySignIn(user.id, s, key.signIn(options, lies));
  }

  it('takes its relying party from BASE_URL: the host is the rpID, the origin the expected origin', () => {
    assert.deepEqual(relyingPartyOf('https://vote.example.org:8443/some/path'), {
      rpID: 'vote.example.org',
      origin: 'https://vote.example.org:8443',
    });
  });

  it('adds a key, lists it with its name and times, and signs in with it', async () => {
    const key = await enrol(staff);
    const list = await keys().list(staff.id);
    assert.equal(list.length, 1);
    assert.equal(list[0]!.name, 'desk key');
    assert.equal(list[0]!.lastUsedAt, null);
    const result = await signIn(staff, key);
    assert.equal(result.ok, true);
    assert.equal((await keys().list(staff.id))[0]!.lastUsedAt, t.clock.now());
    const row = await t.ctx.db('webauthn_credentials').where({ user_id: staff.id }).first();
    assert.equal(Number(row.counter), 1, 'the new counter is stored');
    assert.equal(row.transports, 'usb');
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });

  it('stores the challenge in the session, once: a second answer to the same options is refused', async () => {
    const key = await enrol(staff);
    const s = await session(staff);
    const options = (await keys().signInOptions(staff.id, s))!;
    const row = await t.ctx.db('sessions').where({ id_hash: s.idHash }).first();
    assert.equal(row.webauthn_challenge, `sign-in:${options.challenge}`);
    assert.equal((await keys().verifySignIn(staff.id, s, key.signIn(options))).ok, true);
    assert.deepEqual(await keys().verifySignIn(staff.id, s, key.signIn(options)), { ok: false, reason: 'no_challenge' });
    // Registration options are single use too.
    const other = new SoftAuthenticator(ORIGIN);
    const reg = await keys().registrationOptions(staff, s);
    const answer = other.register(reg);
    assert.equal((await keys().add(staff.id, s, answer, 'spare')).ok, true);
    assert.deepEqual(await keys().add(staff.id, s, answer, 'spare'), { ok: false, reason: 'no_challenge' });
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });

  it('refuses a challenge older than five minutes, and one issued for the other ceremony', async () => {
    const key = await enrol(staff);
    const s = await session(staff);
    const options = (await keys().signInOptions(staff.id, s))!;
    (t.clock as FakeClock).advance(CHALLENGE_TTL_MS + 1);
    assert.deepEqual(await keys().verifySignIn(staff.id, s, key.signIn(options)), { ok: false, reason: 'no_challenge' });
    // Registration options do not open a sign-in.
    const reg = await keys().registrationOptions(staff, s);
    assert.deepEqual(await keys().verifySignIn(staff.id, s, key.signIn({ challenge: reg.challenge, rpId: 'rollcall.test' })), {
      ok: false,
      reason: 'no_challenge',
    });
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });

  it('refuses an answer to another challenge, from another origin, or for another rpID (sign-in and enrolment)', async () => {
    const key = await enrol(staff);
    assert.deepEqual(await signIn(staff, key, { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(await signIn(staff, key, { origin: 'https://evil.example' }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await signIn(staff, key, { rpId: 'evil.example' }), { ok: false, reason: 'invalid' });
    assert.equal((await signIn(staff, key)).ok, true, 'the honest answer still works');
    for (const lies of [{ challenge: 'AAAA' }, { origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const s = await session(staff);
      const options = await keys().registrationOptions(staff, s);
      assert.deepEqual(await keys().add(staff.id, s, new SoftAuthenticator(ORIGIN).register(options, lies), 'x'), {
        ok: false,
        reason: 'invalid',
      });
    }
    assert.equal((await keys().list(staff.id)).length, 1, 'no key added by a lying answer');
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });

  it('refuses a signature whose counter did not go up (a cloned key), and accepts a passkey that always says 0', async () => {
    const key = await enrol(staff);
    assert.equal((await signIn(staff, key)).ok, true); // counter 1
    assert.equal((await signIn(staff, key)).ok, true); // counter 2
    assert.deepEqual(await signIn(staff, key, { counter: 2 }), { ok: false, reason: 'invalid' }, 'the same counter again');
    assert.deepEqual(await signIn(staff, key, { counter: 1 }), { ok: false, reason: 'invalid' }, 'a counter that went back');
    assert.deepEqual(await signIn(staff, key, { counter: 0 }), { ok: false, reason: 'invalid' }, 'a counting key cannot fall back to 0');
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
    const passkey = await enrol(staff, false);
    assert.equal((await signIn(staff, passkey)).ok, true);
    assert.equal((await signIn(staff, passkey)).ok, true, 'counter 0 again: a passkey that does not count');
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });

  it('a removed key no longer signs in; nor does any key after deleteAllSecurityKeys', async () => {
    const first = await enrol(staff);
    const second = await enrol(staff);
    const [one] = await keys().list(staff.id);
    assert.equal(await keys().remove({ id: staff.id, totp_secret_enc: 'sealed' }, one!.id), 'removed');
    assert.deepEqual(await signIn(staff, first), { ok: false, reason: 'invalid' });
    assert.equal((await signIn(staff, second)).ok, true);
    assert.equal(await deleteAllSecurityKeys(t.ctx.db, staff.id), 1);
    const s = await session(staff);
    assert.equal(await keys().signInOptions(staff.id, s), undefined, 'no key: no options');
  });

  it("never signs in a staff account with a partner user's key, nor a partner user with a staff key", async () => {
    const partnerKey = await enrol(partnerUser);
    const staffKey = await enrol(staff);
    // The staff account's own options (its challenge, in its session), answered by the partner's key.
    assert.deepEqual(await signIn(staff, partnerKey), { ok: false, reason: 'invalid' });
    assert.deepEqual(await signIn(partnerUser, staffKey), { ok: false, reason: 'invalid' });
    assert.equal((await signIn(staff, staffKey)).ok, true);
    assert.equal((await signIn(partnerUser, partnerKey)).ok, true);
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
    await deleteAllSecurityKeys(t.ctx.db, partnerUser.id);
  });

  it("renames and removes only the owner's keys, and keeps the last second factor of a user without TOTP", async () => {
    await enrol(staff);
    const [mine] = await keys().list(staff.id);
    assert.equal(await keys().rename(partnerUser.id, mine!.id, 'stolen'), false);
    assert.equal(await keys().rename(staff.id, mine!.id, 'blue key'), true);
    assert.equal((await keys().list(staff.id))[0]!.name, 'blue key');
    assert.equal(await keys().remove({ id: partnerUser.id, totp_secret_enc: 'sealed' }, mine!.id), 'not_found');
    assert.equal(await keys().remove({ id: staff.id, totp_secret_enc: null }, mine!.id), 'last');
    assert.equal(await keys().remove({ id: staff.id, totp_secret_enc: 'sealed' }, mine!.id), 'removed', 'TOTP counts as a second factor');
  });

  it('refuses a key already registered, and answers that are not WebAuthn at all', async () => {
    const key = await enrol(staff);
    const s = await session(staff);
    assert.deepEqual(await keys().add(staff.id, s, key.register(await keys().registrationOptions(staff, s)), 'again'), {
      ok: false,
      reason: 'duplicate',
    });
    for (const junk of [undefined, {}, { id: 42 }, { id: key.id, response: {} }]) {
      await keys().registrationOptions(staff, s);
      assert.deepEqual(await keys().add(staff.id, s, junk, 'x'), { ok: false, reason: 'invalid' });
      await keys().signInOptions(staff.id, s);
      assert.deepEqual(await keys().verifySignIn(staff.id, s, junk), { ok: false, reason: 'invalid' });
    }
    await deleteAllSecurityKeys(t.ctx.db, staff.id);
  });
});
