// Sealed values (ASVS 6.2.4, 1.6.3): today's values name their algorithm version and key; values
// written before (v1, no key id) still open; a rotated cipher opens what its previous keys sealed;
// anything else (an unknown version, an unknown key, an altered header or body) fails closed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { createFieldCipher, isSealedValue, keyIdOf, SealedValueError } from '../../../../server/security/field-cipher.js';

const keyA = Buffer.alloc(32, 7);
const keyB = crypto.randomBytes(32);
const keyC = crypto.randomBytes(32);

/** Sealed under keyA by the release before key ids (the v1 format every existing database holds). */
const OLD_FORMAT_UNDER_A = 'v1.2R88rfo02ITU8kQp.vUqmqEkZhJaNkW1ZqA3kSQ.F1RXxXS4t7U';

const fails = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof SealedValueError && message.test(err.message));

describe('field cipher: versioned, key-named sealed values', () => {
  it('opens a value in the old format (v1, no key id) with the key it was sealed under', () => {
    assert.equal(createFieldCipher(keyA).decrypt(OLD_FORMAT_UNDER_A), 'D1234567');
    // ...also once that key is the previous one
    assert.equal(createFieldCipher(keyB, [keyA]).decrypt(OLD_FORMAT_UNDER_A), 'D1234567');
    const info = createFieldCipher(keyA).inspect(OLD_FORMAT_UNDER_A);
    assert.deepEqual(info, { version: 'v1', keyId: undefined, current: false }, 'an old-format value is never current');
  });

  it('tags every new value with the version and the id of the key (not the key), and opens it', () => {
    const cipher = createFieldCipher(keyA);
    const sealed = cipher.encrypt('D1234567');
    const parts = sealed.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[0], 'v2');
    assert.equal(parts[1], keyIdOf(keyA));
    assert.match(parts[1]!, /^[0-9a-f]{8}$/);
    assert.ok(!sealed.includes(keyA.toString('base64url').slice(0, 8)), 'the key id is not a piece of the key');
    assert.equal(cipher.decrypt(sealed), 'D1234567');
    assert.deepEqual(cipher.inspect(sealed), { version: 'v2', keyId: keyIdOf(keyA), current: true });
    assert.equal(cipher.decrypt(cipher.encrypt('')), '', 'an empty value round-trips');
  });

  it('after a rotation opens values sealed under the previous key, and seals new ones under the new key', () => {
    const before = createFieldCipher(keyA).encrypt('secret');
    const rotated = createFieldCipher(keyB, [keyC, keyA]);
    assert.equal(rotated.decrypt(before), 'secret');
    assert.equal(rotated.inspect(before).current, false);
    assert.equal(rotated.inspect(rotated.encrypt('x')).keyId, keyIdOf(keyB));
    fails(
      () => createFieldCipher(keyB).decrypt(before),
      new RegExp(`under key ${keyIdOf(keyA)}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`),
    );
    fails(() => createFieldCipher(keyB).decrypt(OLD_FORMAT_UNDER_A), /old format \(v1\) opens with no configured key/);
  });

  it('re-seals under the current key, and leaves a current value as it is', () => {
    const rotated = createFieldCipher(keyB, [keyA]);
    const old = createFieldCipher(keyA).encrypt('secret');
    for (const value of [old, OLD_FORMAT_UNDER_A]) {
      const { value: again, changed } = rotated.reseal(value);
      assert.equal(changed, true);
      assert.equal(rotated.inspect(again).current, true);
      assert.equal(createFieldCipher(keyB).decrypt(again), rotated.decrypt(value), 'opens with the previous key gone');
    }
    const current = rotated.encrypt('secret');
    assert.deepEqual(rotated.reseal(current), { value: current, changed: false, plain: 'secret' });
    fails(() => createFieldCipher(keyB).reseal(old), /neither APP_KEY nor in APP_KEY_PREVIOUS/);
  });

  it('fails closed on an unknown version, a changed key id or version, or an altered body', () => {
    const cipher = createFieldCipher(keyB, [keyA]);
    const sealed = cipher.encrypt('D1234567');
    const [, kid, iv, tag, body] = sealed.split('.') as [string, string, string, string, string];
    fails(() => cipher.decrypt(`v3.${kid}.${iv}.${tag}.${body}`), /unknown version 'v3'/);
    fails(() => cipher.decrypt(`v2.${kid}.${iv}.${tag}`), /malformed v2/);
    fails(() => cipher.decrypt(''), /unknown version/);
    // The header is authenticated: naming another configured key does not open it with that key...
    fails(() => cipher.decrypt(`v2.${keyIdOf(keyA)}.${iv}.${tag}.${body}`), /fails authentication/);
    // ...nor does dropping the key id to pass for the old format.
    fails(() => cipher.decrypt(`v1.${iv}.${tag}.${body}`), /opens with no configured key/);
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    fails(() => cipher.decrypt(`v2.${kid}.${iv}.${tag}.${flipped.toString('base64url')}`), /fails authentication/);
    fails(() => cipher.inspect(`v9.${kid}.${iv}.${tag}.${body}`), /unknown version/);
  });
});

describe('field cipher: telling sealed values from plain text written before a column was sealed', () => {
  it('knows both sealed formats, and no name, email, street or JSON text passes for one', () => {
    const cipher = createFieldCipher(keyA);
    assert.ok(isSealedValue(cipher.encrypt('Ana')));
    assert.ok(isSealedValue(cipher.encrypt('')));
    assert.ok(isSealedValue(OLD_FORMAT_UNDER_A));
    for (const plain of ['Ana', 'v2.Ana', 'ana@example.org', 'v1.a@b.org', '1 Main St.', '{"firstName":"Ana"}', '', 'v2.12345678.x.y.z']) {
      assert.equal(isSealedValue(plain), false, plain);
    }
  });
});

describe('field cipher: blind indexes (exact search over sealed values)', () => {
  it('gives one index per value whatever its case, spaces or Unicode form, and another for another value', () => {
    const cipher = createFieldCipher(keyA);
    const i = cipher.blindIndex('José');
    assert.match(i, /^[0-9a-f]{64}$/);
    assert.equal(cipher.blindIndex('  JOSÉ '), i);
    assert.equal(cipher.blindIndex('Jose\u0301'), i, 'a decomposed é is the same name');
    assert.notEqual(cipher.blindIndex('Josefa'), i);
    assert.ok(!i.includes(Buffer.from('josé').toString('hex')), 'the index is not an encoding of the value');
  });

  it('depends on the key, and during a rotation a search looks under the current key first, then each previous one', () => {
    const a = createFieldCipher(keyA);
    const b = createFieldCipher(keyB);
    assert.notEqual(a.blindIndex('Ana'), b.blindIndex('Ana'));
    const rotated = createFieldCipher(keyB, [keyA]);
    assert.equal(rotated.blindIndex('Ana'), b.blindIndex('Ana'), 'a write stores the index under the current key');
    assert.deepEqual(rotated.blindIndexes('Ana'), [b.blindIndex('Ana'), a.blindIndex('Ana')]);
    assert.deepEqual(a.blindIndexes('Ana'), [a.blindIndex('Ana')]);
  });

  it('is not an HMAC under the sealing key itself (one key per purpose)', () => {
    const direct = crypto.createHmac('sha256', keyA).update('ana').digest('hex');
    assert.notEqual(createFieldCipher(keyA).blindIndex('Ana'), direct);
  });

  it('reseal returns what the value holds', () => {
    const cipher = createFieldCipher(keyB, [keyA]);
    assert.deepEqual(
      { changed: cipher.reseal(OLD_FORMAT_UNDER_A).changed, plain: cipher.reseal(OLD_FORMAT_UNDER_A).plain },
      { changed: true, plain: 'D1234567' },
    );
  });
});
