// What a language switch keeps of a step (issue 16, Medium 9): the step's own fields, each clipped
// to its maximum, list values only from their list, within a total cap. Before: whatever was
// posted, ~64 KB a step, ~200 KB per anonymous registration for 14 days.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { clip, DRAFT_MAX_BYTES, draftOfId, draftOfStep, withinDraftCap } from '../../../../server/voter/draft.js';
import { MAX_LENGTH } from '../../../../server/registrations/field-rules.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, finishAsCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';

const HUGE = 'a'.repeat(12_000);

describe('a draft kept by the language switch (rules)', () => {
  it('clips typed text to its field, drops control characters and values off their list', () => {
    const d = draftOfStep({
      firstName: HUGE,
      lastName: 'Núñez',
      middleName: 'A\u0000B',
      title: 'Emperor',
      suffix: 'Jr.',
      email: HUGE,
      dateOfBirth: `${HUGE}-1-1`,
      phone: HUGE,
      race: 'martian' as never,
      homeAddress: { street: HUGE, unit: HUGE, city: HUGE, state: 'XX1', zip: HUGE },
    });
    assert.equal(d.firstName!.length, MAX_LENGTH.name);
    assert.equal(d.lastName, 'Núñez');
    assert.equal(d.middleName, undefined);
    assert.ok('middleName' in d, 'a field the form sent is still cleared, not left as saved');
    assert.equal(d.title, undefined);
    assert.equal(d.suffix, 'Jr.');
    assert.equal(d.email!.length, 254);
    assert.equal(d.dateOfBirth, undefined);
    assert.equal(d.phone!.length, 20);
    assert.equal(d.race, undefined);
    assert.deepEqual(d.homeAddress, {
      street: 'a'.repeat(MAX_LENGTH.addressLine),
      unit: 'a'.repeat(MAX_LENGTH.unit),
      city: 'a'.repeat(MAX_LENGTH.city),
      state: '',
      zip: 'a'.repeat(10),
    });
    // A half-typed date (as short as the boxes make it) is kept, for the voter to finish.
    assert.equal(draftOfStep({ dateOfBirth: '1990-4-' }).dateOfBirth, '1990-4-');
    // Keys no step form reads are not kept.
    assert.deepEqual(Object.keys(draftOfStep({ idType: 'ssn_full', ['__proto__x' as never]: 'x' } as never)).sort(), [
      '__proto__x',
      'idType',
    ]);
    assert.equal(draftOfStep({ idType: 'ssn_full' }).idType, undefined);
  });

  it('never splits a surrogate pair, and clips the ID boxes', () => {
    assert.equal(clip('ab😀', 3), 'ab');
    assert.equal(clip('ab😀', 4), 'ab😀');
    const id = draftOfId({ type: 'state_id_and_ssn_last4', stateId: HUGE, ssnLast4: HUGE, ssnFull: HUGE });
    assert.deepEqual([id.stateId!.length, id.ssnLast4!.length, id.ssnFull!.length], [26, 4, 11]);
  });

  it('has a total cap', () => {
    assert.equal(withinDraftCap({ firstName: 'Ana' }), true);
    assert.equal(withinDraftCap({ firstName: 'a'.repeat(DRAFT_MAX_BYTES) }), false);
  });
});

describe('a draft kept by the language switch (in the app)', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  const switchLanguage = async (s: VoterSession, step: string, fields: Record<string, string>) => {
    const csrf = csrfOf((await s.get(step)).text);
    const res = await request(t.app)
      .post(`/r/${s.token}/${step}`)
      .type('form')
      .send({ _csrf: csrf, ...fields, _lang: 'es' });
    assert.equal(res.status, 303, `${step}: ${res.status}`);
  };
  const stored = async (s: VoterSession) => {
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    return { answers: row.answers, bytes: Buffer.byteLength(row.answers) + Buffer.byteLength(row.id_number_enc ?? '') };
  };

  it('stores a few KB, not what was posted, when every step is switched with a full body', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    // Each post under the 64 KB body limit, every field of the step as long as it can be, plus fields no step has.
    await switchLanguage(s, 'eligibility', { ...californiaVoter.eligibility, email: HUGE, zip: HUGE, junk: HUGE });
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await switchLanguage(s, 'name', { ...californiaVoter.name, firstName: HUGE, lastName: HUGE, middleName: HUGE, phone: HUGE });
    await s.complete('name', californiaVoter.name, 'addresses');
    await switchLanguage(s, 'addresses', {
      'homeAddress.street': HUGE,
      'homeAddress.city': HUGE,
      'mailingAddress.street': HUGE,
      'previousAddress.street': HUGE,
      'previousName.firstName': 'b'.repeat(5_000),
      'homeAddress.extra': 'c'.repeat(5_000),
    });
    const { answers, bytes } = await stored(s);
    assert.ok(bytes < 4_096, `a registration's drafts take ${bytes} bytes`);
    assert.doesNotMatch(answers, /junk|extra|c{100}/);
    const parsed = JSON.parse(answers) as { homeAddress: { street: string }; previousName: { firstName: string } };
    assert.equal(parsed.homeAddress.street.length, MAX_LENGTH.addressLine);
    assert.equal(parsed.previousName.firstName.length, MAX_LENGTH.name);
    // The clipped draft is shown to the voter (who fixes it), and the valid answers finish the form.
    const page = await s.get('addresses');
    assert.match(page.text, new RegExp(`value="${'a'.repeat(MAX_LENGTH.addressLine)}"`));
    await finishAsCaliforniaVoter(s, 'addresses');
  });

  it('clips the ID number kept by a switch on the ID step', async () => {
    const fresh = new VoterSession(t.app);
    await fresh.start();
    for (const step of ['eligibility', 'name', 'addresses'] as const)
      await fresh.complete(step, californiaVoter[step], step === 'eligibility' ? 'name' : step === 'name' ? 'addresses' : 'id');
    await switchLanguage(fresh, 'id', { idType: 'state_id', stateIdNumber: 'D'.repeat(40_000) });
    const row = (await t.ctx.registrations.service.findByResumeToken(fresh.token))!;
    assert.equal(t.ctx.registrations.service.idNumberOf(row)!.length, 26);
  });
});
