// The several-node rotation of docs/deploy.md ("Rotating APP_KEY"): step 2 gives every node the new
// key as APP_KEY_PREVIOUS before any node makes it current, so during step 3 a node still on the old
// key opens what a node on the new key sealed, accepts the forms it served, and recognises the API
// retries it fingerprinted; and the other way round.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../../server/clock.js';
import { CsrfTokens } from '../../../../server/http/csrf.js';
import { fingerprintKeyFrom, IdempotencyKeys } from '../../../../server/registrations/idempotency.js';
import { createFieldCipher } from '../../../../server/security/field-cipher.js';

const oldKey = crypto.randomBytes(32);
const newKey = crypto.randomBytes(32);
/** Step 2 done: the old key current, the new one known. Step 3 done: the other way round. */
const nodes = {
  notYetRestarted: { current: oldKey, previous: [newKey] },
  restarted: { current: newKey, previous: [oldKey] },
};

describe('a rolling restart onto a new APP_KEY', () => {
  for (const [from, to] of [
    ['restarted', 'notYetRestarted'],
    ['notYetRestarted', 'restarted'],
  ] as const) {
    it(`what a ${from} node made, a ${to} node opens and verifies`, () => {
      const a = nodes[from];
      const b = nodes[to];
      const sealed = createFieldCipher(a.current, a.previous).encrypt('D1234567');
      assert.equal(createFieldCipher(b.current, b.previous).decrypt(sealed), 'D1234567');
      const clock = new FakeClock(Date.UTC(2026, 11, 6));
      const token = new CsrfTokens(a.current, clock, a.previous).issue('start');
      assert.equal(new CsrfTokens(b.current, clock, b.previous).verify('start', token), true);
      assert.equal(new CsrfTokens(b.current, clock).verify('start', token), false, 'not without the other key');
      const first = new IdempotencyKeys(fingerprintKeyFrom(a.current), a.previous.map(fingerprintKeyFrom)).claim('p1', 'k1', { x: 1 });
      const retry = new IdempotencyKeys(fingerprintKeyFrom(b.current), b.previous.map(fingerprintKeyFrom));
      const prior = { registrationId: 1, fingerprint: first.fingerprint };
      assert.equal(retry.sameRequest(retry.claim('p1', 'k1', { x: 1 }), prior), true);
      assert.equal(retry.sameRequest(retry.claim('p1', 'k1', { x: 2 }), prior), false, 'another body is still another request');
    });
  }
});
