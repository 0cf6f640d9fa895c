// The box-6 table (test/support/id-cases.ts) through the partner API: every jurisdiction,
// both languages, every case. Taken: 201, box 6 stored as the state expects it with its type.
// Refused: 422 naming `idNumber` (or `idType`) and saying what the state wants, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { translator } from '../../../../server/i18n.js';
import { parseAnswers } from '../../../../server/registrations/registration-records.js';
import { LANGS, type StateRules } from '../../../../server/states/index.js';
import { idCases, JURISDICTIONS, WANTS, zipIn, type IdCase } from '../../../support/id-cases.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

/** A registration that is right in every section but box 6, for a voter living in `state`. */
export function bodyIn(state: StateRules, lang: 'en' | 'es', c: IdCase): Record<string, unknown> {
  const party = state.requiresParty ? (state.parties[0] ?? state.noParty)?.key : undefined;
  const body = apiBody({
    lang,
    homeAddress: { street: '1 Main St', city: 'Capital', state: state.code, zip: zipIn(state.code) },
    party,
    race: 'decline',
    ...c.api,
  });
  if (!party) delete body.party;
  if (c.api.idType === undefined) delete body.idType;
  return body;
}

const en = translator('en');

describe('box 6 by the API, state by state', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await makeTestApp();
    key = (await t.ctx.partners.store.create('Table Partner', null)).apiKey;
  });
  after(() => t.close());

  for (const state of JURISDICTIONS) {
    it(`${state.code}: every case, in both languages`, async () => {
      for (const lang of LANGS) {
        for (const c of idCases(state)) {
          const what = `${state.code} ${lang} ${c.name} ${JSON.stringify(c.api)}`;
          const res = await request(t.app)
            .post('/api/v1/registrations')
            .set('Authorization', `Bearer ${key}`)
            .send(bodyIn(state, lang, c));
          const fields = (res.body.fields ?? []) as Array<{ path: string; message: string }>;
          if (!state.acceptsFederalForm) {
            assert.equal(res.status, 422, what);
            assert.deepEqual(
              fields.map((f) => f.path),
              ['homeAddress.state'],
              what,
            );
            assert.match(fields[0]!.message, /does not accept the national form/, what);
            continue;
          }
          if (!c.refused) {
            assert.equal(res.status, 201, `${what}: ${JSON.stringify(res.body)}`);
            const row = (await t.ctx.registrations.service.store.byUid(res.body.id as string))!;
            assert.equal(t.ctx.registrations.service.idNumberOf(row), c.box6, what);
            assert.equal(parseAnswers(row).idType, c.web.type, what);
            continue;
          }
          assert.equal(res.status, 422, `${what}: ${JSON.stringify(res.body)}`);
          const path = c.refused.field === 'idType' && c.api.idType !== undefined ? 'idType' : 'idNumber';
          // The API answers path and message (no code): the message names the field and says what the state wants.
          assert.deepEqual(
            fields.map((f) => f.path),
            [path],
            what,
          );
          const message = fields[0]!.message;
          assert.ok(message.includes(WANTS[c.refused.code]!.en), `${what}: "${message}" says what the state wants`);
          if (c.refused.field !== 'idType')
            assert.ok(
              message.toLowerCase().includes(en(`fields.${c.refused.field}`).toLowerCase()),
              `${what}: "${message}" names the field`,
            );
          if (path === 'idNumber') assert.match(fields[0]!.message, /^idNumber: /, what);
        }
      }
    });
  }

  it('a Virginia voter is no longer accepted with 123456 or ABCDEF (the issue, reproduced)', async () => {
    const va = JURISDICTIONS.find((s) => s.code === 'VA')!;
    for (const idNumber of ['123456', 'ABCDEF']) {
      const res = await request(t.app)
        .post('/api/v1/registrations')
        .set('Authorization', `Bearer ${key}`)
        .send(bodyIn(va, 'en', { name: '', web: {}, api: { idNumber } }));
      assert.equal(res.status, 422, idNumber);
      assert.equal(res.body.fields[0].message, 'idNumber: Enter your full Social Security number: 9 digits, like 123-45-6789');
    }
  });
});
