// unprintableCharacters: what the server rejects before the PDF font would lose it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isPrintableCodePoint, unprintableCharacters } from '../../../server/pdf/charset.js';
import { UnprintableTextError } from '../../../server/pdf/printable-check.js';
import { renderRegistrationPdf } from '../../../server/pdf/render.js';
import { californiaVoter } from './fixtures.js';
import { extractText } from './pdf-text.js';

describe('unprintableCharacters', () => {
  it('accepts ASCII, Latin-1 letters and the WinAnsi punctuation', () => {
    for (const text of ['Peña Ibáñez', "O'Brien-Smith Jr.", 'Zoë Ångström', 'Ørsted Çelik', 'D’Angelo “Dee”', 'Œuvre – Šime Žic — €5', 'ß ÿ Ÿ ƒ ‰ ™']) {
      assert.deepEqual(unprintableCharacters(text), [], text);
    }
  });

  it('returns each unprintable character once, in order, emoji as one character', () => {
    assert.deepEqual(unprintableCharacters('Łukasz 🙂 Łódź 🙂'), ['Ł', '🙂', 'ź']);
    assert.deepEqual(unprintableCharacters('Иван'), ['И', 'в', 'а', 'н']);
    assert.deepEqual(unprintableCharacters('李'), ['李']);
  });

  it('rejects control characters, including the C1 block WinAnsi does not mean', () => {
    assert.deepEqual(unprintableCharacters('a\u0000b\tc\nd\u007f\u0085\u009f'), ['\u0000', '\t', '\n', '\u007f', '\u0085', '\u009f']);
  });

  it('agrees with isPrintableCodePoint for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = [...new Set([...text].filter((char) => !isPrintableCodePoint(char.codePointAt(0) ?? 0)))];
        assert.deepEqual(unprintableCharacters(text), expected);
      }),
    );
  });

  it('every character it accepts comes out of the PDF as it went in', async () => {
    const printable: string[] = [];
    for (let code = 0; code <= 0x2122; code++) if (isPrintableCodePoint(code) && code !== 0x20 && code !== 0xa0 && code !== 0xad) printable.push(String.fromCodePoint(code));
    const sample = printable.join('');
    const pdf = renderRegistrationPdf({ ...californiaVoter, lastName: sample.slice(0, 110), firstName: sample.slice(110) });
    const [page1 = ''] = (await extractText(pdf)).pages;
    // Compatibility-normalized: pdfjs reads the glyph "mu" back as Greek μ rather than the micro sign µ.
    const extracted = page1.normalize('NFKC');
    for (const char of printable) assert.ok(extracted.includes(char.normalize('NFKC')), `${JSON.stringify(char)} (U+${char.codePointAt(0)?.toString(16)}) should survive`);
  });
});

describe('the renderer with unprintable text', () => {
  it('refuses to render, naming every field, rather than print a mangled name', () => {
    assert.throws(
      () => renderRegistrationPdf({ ...californiaVoter, lastName: 'Łukasz', homeAddress: { ...californiaVoter.homeAddress, city: 'Sacra\nmento' } }),
      (error: unknown) => error instanceof UnprintableTextError && error.fields.join() === 'lastName,homeAddress.city',
    );
  });
});
