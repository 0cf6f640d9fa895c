// Every jurisdiction that takes the federal form renders, in both languages, to exactly three
// pages, with the instructions clear of the footer even for the longest rules (Louisiana in
// Spanish), the longest office address (Massachusetts, five lines) and the longest next steps (a
// voter who wrote NONE, with the state's enclosure: Montana), with the state's notes for someone
// pre-registering (Arizona's proof of citizenship is the longest).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INSTRUCTIONS_FOOTER_TOP } from '../../../../server/pdf/instructions-page.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../../server/pdf/types.js';
import { mailingSteps } from '../../../../server/registrations/mailing-steps.js';
import { LANGS, listStates, notesFor, type Lang, type StateRules } from '../../../../server/states/index.js';
import { californiaVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';

// Longer than the app's real party/race/eligibility sentences, to leave a margin.
const LONG_RULE =
  'This sentence stands in for a state rule of a realistic length, long enough to wrap onto a second line of the instructions page.';

function registrationFor(state: StateRules, lang: Lang): PdfRegistration {
  return {
    ...californiaVoter,
    lang,
    homeAddress: { ...californiaVoter.homeAddress, state: state.code },
    idNumber: 'NONE',
    nextSteps: mailingSteps(state, lang, {}, 'NONE'),
    // The most a voter can get: the pre-registration note and the state's own (Arizona's is the longest).
    notes: notesFor(state, true, lang),
    office: { lines: state.office.mailingAddress, phone: state.office.phone, url: state.office.url },
    state: {
      code: state.code,
      name: state.name,
      deadline: state.deadline[lang],
      idRule: state.idNumber.rule[lang],
      partyRule: LONG_RULE,
      raceRule: LONG_RULE,
      eligibility: `${LONG_RULE} ${LONG_RULE}`,
    },
  };
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\n/g)?.length ?? 0;
const textLength = (reg: PdfRegistration) =>
  [
    ...Object.values(reg.state).flat(),
    ...Object.values(reg.office).flat(),
    ...[...reg.nextSteps, ...reg.notes].flatMap((step) => [step.title, step.body]),
  ].join('').length;

describe('every state', () => {
  const all = listStates()
    .filter((state) => state.acceptsFederalForm)
    .flatMap((state) => LANGS.map((lang) => registrationFor(state, lang)));

  it('covers the 48 jurisdictions that take the federal form, in two languages', () => {
    assert.equal(all.length, 48 * 2);
  });

  it('renders each to exactly three pages', () => {
    for (const reg of all) assert.equal(pageCount(renderRegistrationPdf(reg)), 3, `${reg.state.code} ${reg.lang}`);
  });

  it('keeps the instructions above the footer for the longest texts', async () => {
    const longest = [...all].sort((a, b) => textLength(b) - textLength(a)).slice(0, 3);
    for (const reg of longest) {
      const { items } = await extractText(renderRegistrationPdf(reg));
      const body = (items[1] ?? []).filter((item) => !item.text.includes(reg.uid) && item.text.trim() !== '');
      const lowest = Math.max(...body.map((item) => item.y));
      assert.ok(lowest < INSTRUCTIONS_FOOTER_TOP - 4, `${reg.state.code} ${reg.lang}: body reaches ${lowest.toFixed(1)} pt`);
    }
  });
});
