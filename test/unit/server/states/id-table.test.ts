// The box-6 table (id-cases.ts), driven through the validation every front door uses, in both
// languages: each accepted identifier taken, each malformed one refused on its field with a
// message that names the field and says what the state wants, "none" taken everywhere.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../../../../server/i18n.js';
import type { Answers } from '../../../../server/registrations/answers.js';
import { describeProblem } from '../../../../server/registrations/problem-messages.js';
import { validateSection } from '../../../../server/registrations/validate.js';
import { box6Text, LANGS } from '../../../../server/states/index.js';
import { idCases, JURISDICTIONS, WANTS, zipIn } from '../../../support/id-cases.js';

const NOW = Date.UTC(2026, 11, 5);

for (const state of JURISDICTIONS) {
  describe(`${state.code} box 6`, () => {
    const answers: Answers = {
      zip: zipIn(state.code),
      homeAddress: { street: '1 Main St', city: 'Capital', state: state.code, zip: zipIn(state.code) },
    };
    for (const c of idCases(state)) {
      it(`${c.name}: ${c.refused ? `refused (${c.refused.field} ${c.refused.code})` : 'taken'}`, () => {
        const problems = validateSection('id', answers, { now: NOW, id: c.web });
        if (!state.acceptsFederalForm) return assert.deepEqual(problems, [], 'a state that refuses the form asks nothing in box 6');
        if (!c.refused) {
          assert.deepEqual(problems, []);
          assert.equal(box6Text(c.web), c.box6);
          return;
        }
        assert.equal(problems.length, 1, JSON.stringify(problems));
        assert.equal(problems[0]!.path, c.refused.field);
        assert.equal(problems[0]!.code, c.refused.code);
        for (const lang of LANGS) {
          const message = describeProblem(lang, problems[0]!);
          const label = translator(lang)(`fields.${c.refused.field}`);
          if (c.refused.field !== 'idType')
            assert.ok(message.toLowerCase().includes(label.toLowerCase()), `${lang}: "${message}" names "${label}"`);
          assert.ok(message.includes(WANTS[c.refused.code]![lang]), `${lang}: "${message}" says what the state wants`);
        }
      });
    }
    it('the same answer typed as one number (as stored, or by an old API client) reads back the same', () => {
      for (const c of idCases(state).filter((x) => !x.refused && x.api.idType)) {
        const answersWithType: Answers = { ...answers, idType: c.api.idType };
        assert.deepEqual(validateSection('id', answersWithType, { now: NOW, idNumber: c.box6 }), [], c.name);
      }
    });
  });
}
