// Sealed PDFs on the storage volumes (ASVS 6.1.1): a blob names its version and key; the same PDF
// under the same key seals to the same bytes (a re-render repairs a lost copy to the row's
// checksum); a previous key opens; an altered blob, an unknown key or version fails closed; a plain
// PDF written before this release is served as it is.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobCipherError, createBlobCipher, isPlainPdf } from '../../../../server/security/blob-cipher.js';
import { keyIdOf } from '../../../../server/security/field-cipher.js';

const keyA = Buffer.alloc(32, 7);
const keyB = crypto.randomBytes(32);
const pdf = Buffer.from('%PDF-1.7\nAna Example, 12 Sealed Street, 1990-04-01, D1234567\n%%EOF\n', 'latin1');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const fails = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof BlobCipherError && message.test(err.message));

describe('blob cipher: sealed PDFs on the volumes', () => {
  it('round trip: the blob names v1 and the key id, holds no plaintext, and opens to the PDF', () => {
    const cipher = createBlobCipher(keyA);
    const sealed = cipher.seal(pdf);
    assert.equal(sealed.subarray(0, 28).toString('latin1'), `rollcall-sealed v1 ${keyIdOf(keyA)}\n`);
    assert.equal(cipher.keyId, keyIdOf(keyA));
    assert.ok(!isPlainPdf(sealed));
    assert.equal(sealed.indexOf('%PDF-'), -1);
    assert.equal(sealed.indexOf('Sealed Street'), -1);
    assert.deepEqual(cipher.open(sealed), pdf);
    assert.deepEqual(cipher.open(cipher.seal(Buffer.alloc(0))), Buffer.alloc(0));
  });

  it('is deterministic: the same PDF under the same key gives the same bytes and checksum; another PDF or key does not', () => {
    const a = createBlobCipher(keyA).seal(pdf);
    const again = createBlobCipher(keyA).seal(Buffer.from(pdf));
    assert.deepEqual(again, a);
    assert.equal(sha(again), sha(a));
    const other = Buffer.from(pdf);
    other[other.length - 2]! ^= 1;
    const b = createBlobCipher(keyA).seal(other);
    assert.notDeepEqual(b.subarray(28, 40), a.subarray(28, 40), 'another PDF gets another IV');
    assert.notEqual(sha(createBlobCipher(keyB).seal(pdf)), sha(a));
  });

  it('opens a blob sealed under a previous key (APP_KEY_PREVIOUS); without it, fails closed naming the key', () => {
    const old = createBlobCipher(keyA).seal(pdf);
    assert.deepEqual(createBlobCipher(keyB, [keyA]).open(old), pdf);
    fails(
      () => createBlobCipher(keyB).open(old),
      new RegExp(`under key ${keyIdOf(keyA)}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`),
    );
  });

  it('fails closed on an altered body, tag, IV or header, an unknown version, a truncated blob, or bytes that are neither', () => {
    const cipher = createBlobCipher(keyA);
    const sealed = cipher.seal(pdf);
    for (const at of [sealed.length - 1, 40, 30, 28]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 1;
      fails(() => cipher.open(altered), /fails authentication/);
    }
    // The header is authenticated: the same blob relabelled with another (configured) key id fails.
    const both = createBlobCipher(keyA, [keyB]);
    const relabelled = Buffer.concat([Buffer.from(`rollcall-sealed v1 ${keyIdOf(keyB)}\n`, 'latin1'), sealed.subarray(28)]);
    fails(() => both.open(relabelled), /fails authentication/);
    fails(() => cipher.open(Buffer.concat([Buffer.from('rollcall-sealed v9 ', 'latin1'), sealed.subarray(19)])), /unknown version 'v9'/);
    fails(() => cipher.open(sealed.subarray(0, 40)), /truncated/);
    fails(() => cipher.open(Buffer.from('not a pdf any more')), /neither a sealed blob nor a PDF/);
  });

  it('serves a plain PDF (stored before this release) as it is', () => {
    assert.deepEqual(createBlobCipher(keyA).open(pdf), pdf);
    assert.ok(isPlainPdf(pdf));
  });

  it('finds the stored form a checksum names: plain (before this release), under APP_KEY, or under a previous key', () => {
    const rotated = createBlobCipher(keyB, [keyA]);
    assert.deepEqual(rotated.storedFormMatching(pdf, sha(pdf)), pdf);
    const underA = createBlobCipher(keyA).seal(pdf);
    assert.deepEqual(rotated.storedFormMatching(pdf, sha(underA)), underA);
    assert.deepEqual(rotated.storedFormMatching(pdf, sha(rotated.seal(pdf))), rotated.seal(pdf));
    assert.equal(rotated.storedFormMatching(pdf, 'f'.repeat(64)), null);
    assert.equal(createBlobCipher(keyB).storedFormMatching(pdf, sha(underA)), null, 'a key no longer configured');
  });
});
