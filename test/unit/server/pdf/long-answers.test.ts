// The longest answers the server accepts, in both languages and written in capitals too, are
// printed whole, each inside its own box, below the box's label, and never smaller than the
// renderer's smallest answer size (read back from the PDF: the size each run was typed at).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWER_SIZE, MIN_ANSWER_SIZE, splitInTwo } from '../../../../server/pdf/answer-text.js';
import { BOX, type BoxName } from '../../../../server/pdf/application-grid.js';
import { px, py } from '../../../../server/pdf/geometry.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import { longestAnswers, longestCapitals, longestValues } from '../../../support/longest-registration.js';
import { extractText, type TextRun } from '../../../support/pdf-text.js';

const ANSWER_FONT = /\+NotoSans-Regular$/;
/** Noto Sans's capitals and accents reach about this far above the baseline, per point of size. */
const CAP_TOP = 0.72;

/** Each box's printed value, and the lines it was typed on (top first). */
function answersIn(items: TextRun[], boxName: BoxName): { lines: TextRun[][]; labels: TextRun[] } {
  const [left, top, right, bottom] = BOX[boxName];
  const inBox = items.filter(
    (item) => item.x >= px(left) - 0.5 && item.x <= px(right) && item.y > py(top) && item.y <= py(bottom) + 0.5 && item.text.trim() !== '',
  );
  const answers = inBox.filter((item) => ANSWER_FONT.test(item.font ?? ''));
  const lines = new Map<number, TextRun[]>();
  for (const item of answers) {
    const y = Math.round(item.y * 10) / 10;
    lines.set(y, [...(lines.get(y) ?? []), item]);
  }
  return {
    lines: [...lines.entries()].sort(([a], [b]) => a - b).map(([, runs]) => runs.sort((a, b) => a.x - b.x)),
    labels: inBox.filter((item) => !ANSWER_FONT.test(item.font ?? '')),
  };
}

for (const lang of ['en', 'es'] as const) {
  for (const [variant, voter] of [
    ['mixed case', longestAnswers(lang)],
    ['capitals', longestCapitals(lang)],
  ] as const) {
    describe(`the longest answers (${lang}, ${variant})`, async () => {
      const { items } = await extractText(renderRegistrationPdf(voter), { fonts: true });
      const page1 = items[0] ?? [];

      for (const [boxName, value] of longestValues(voter)) {
        it(`${boxName}: printed whole, inside its box, under its label, at ${MIN_ANSWER_SIZE} pt or more`, () => {
          const { lines, labels } = answersIn(page1, boxName);
          const lineTexts = lines.map((runs) => runs.map((run) => run.text).join(''));
          // Two lines split at a space (dropped) or inside a word (nothing dropped).
          assert.ok(
            [lineTexts.join(' '), lineTexts.join('')].includes(value),
            `${boxName}: ${JSON.stringify(lineTexts)} is not ${JSON.stringify(value)}`,
          );
          const right = px(BOX[boxName][2]);
          for (const run of lines.flat()) {
            assert.ok(run.size >= MIN_ANSWER_SIZE - 0.01, `${boxName}: ${JSON.stringify(run.text)} typed at ${run.size.toFixed(2)} pt`);
            assert.ok(
              run.x + run.width <= right + 0.5,
              `${boxName}: ${JSON.stringify(run.text)} ends at ${(run.x + run.width).toFixed(1)} > ${right.toFixed(1)}`,
            );
            for (const label of labels) {
              const overlapsAcross = run.x < label.x + label.width && label.x < run.x + run.width;
              assert.ok(
                !overlapsAcross || run.y - CAP_TOP * run.size >= label.y,
                `${boxName}: ${JSON.stringify(run.text)} runs into the label ${JSON.stringify(label.text)}`,
              );
            }
          }
        });
      }

      it('prints the return address on the mailer whole, left of the stamp, above the fold hint', async () => {
        const page3 = items[2] ?? [];
        const typed = page3.filter((item) => ANSWER_FONT.test(item.font ?? '') && item.y < py(700));
        const text = typed.map((item) => item.text).join(' ');
        const address = voter.mailingAddress ?? voter.homeAddress;
        const name = [voter.firstName, voter.middleName, voter.lastName].join(' ');
        for (const part of [...name.split(' '), ...address.street.split(' '), address.unit ?? '', address.city, address.zip])
          assert.ok(text.includes(part), `${JSON.stringify(part)} missing from ${JSON.stringify(text)}`);
        for (const run of typed) {
          assert.ok(run.size >= MIN_ANSWER_SIZE - 0.01, `${JSON.stringify(run.text)} at ${run.size.toFixed(2)} pt`);
          assert.ok(run.x + run.width <= px(701), `${JSON.stringify(run.text)} runs into the stamp box`);
          assert.ok(run.y <= py(660), `${JSON.stringify(run.text)} runs into the fold hint`);
        }
      });
    });
  }
}

describe('splitInTwo', () => {
  const widthOf = (text: string) => text.length;
  it('splits at the word break that balances the lines best', () => {
    assert.deepEqual(splitInTwo('12345 South Martin Luther King Boulevard', widthOf, 30), ['12345 South Martin', 'Luther King Boulevard']);
    assert.deepEqual(splitInTwo('Wolfeschlegel-Montgomery', widthOf, 20), ['Wolfeschlegel-', 'Montgomery']);
  });

  it('splits inside a word only when no word break fits, never before a combining accent', () => {
    assert.deepEqual(splitInTwo('Llanfairpwllgwyngyll', widthOf, 12), ['Llanfairpw', 'llgwyngyll']);
    const [first = '', second = ''] = splitInTwo('Aaaan\u0308bbbb', widthOf, 6) ?? [];
    assert.equal(first + second, 'Aaaan\u0308bbbb');
    assert.doesNotMatch(second, /^\p{M}/u);
    assert.equal(splitInTwo('A', widthOf, 1), null);
  });

  it('keeps the answer size constants in order', () => {
    assert.ok(MIN_ANSWER_SIZE >= 6 && MIN_ANSWER_SIZE < ANSWER_SIZE);
  });
});
