// unprintableCharacters: what the server refuses because the PDF's answer font cannot print it,
// decided by that font's own character map; notInWinAnsi: the form's Helvetica labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isPrintableCodePoint, isWinAnsiCodePoint, notInWinAnsi, unprintableCharacters } from '../../../../server/pdf/charset.js';
import { UnprintableTextError } from '../../../../server/pdf/printable-check.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import { californiaVoter, texasVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';

/** Names US voters write in Latin letters beyond Latin-1 (Polish, Vietnamese, Turkish, Czech,
 * Lithuanian, Romanian, Sámi, Skolt, Azerbaijani, Navajo…), composed as the server stores them. */
const LATIN_NAMES = [
  'Łukasz Wałęsa',
  'Nguyễn Thị Hoa',
  'Đặng Văn Trường',
  'Şahin Çağlar',
  'Ǧeǧe',
  'Dvořák Šťastný',
  'Žemaitė Ąžuolas',
  'Ștefan Țepeș',
  'Ŋàŋ Ŧŧ',
  'Əliyev',
  'Tséhootsooí Nízhóní',
  "Ka'ahumanu Kaʻiulani",
  'Ōkubo Yūko',
  'Ɓello Ƙano',
  'Ḥasan Ṣāliḥ',
].map((name) => name.normalize('NFC'));

describe('unprintableCharacters', () => {
  it('accepts names in Latin letters beyond Latin-1, and everything Helvetica printed before', () => {
    for (const text of [
      ...LATIN_NAMES,
      'Peña Ibáñez',
      "O'Brien-Smith Jr.",
      'Zoë Ångström',
      'D’Angelo “Dee”',
      'Œuvre – Šime Žic — €5',
      'ß ÿ Ÿ ƒ ‰ ™',
    ]) {
      assert.deepEqual(unprintableCharacters(text), [], text);
    }
  });

  it('accepts a letter with a combining accent that has no precomposed form ("n̈", after NFC)', () => {
    const text = 'Spın̈al Tap'.normalize('NFC');
    assert.ok(/\p{M}/u.test(text), 'the accent stays combining after NFC');
    assert.deepEqual(unprintableCharacters(text), []);
  });

  it('returns each unprintable character once, in order, emoji as one character', () => {
    assert.deepEqual(unprintableCharacters('李 🙂 Łódź 🙂 字'), ['李', '🙂', '字']);
    assert.deepEqual(unprintableCharacters('김민준'), ['김', '민', '준']);
  });

  it('rejects control characters, including the C1 block', () => {
    assert.deepEqual(unprintableCharacters('a\u0000b\tc\nd\u007f\u0085\u009f\u2028'), [
      '\u0000',
      '\t',
      '\n',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u2028',
    ]);
  });

  it('agrees with isPrintableCodePoint for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = [...new Set([...text].filter((char) => !isPrintableCodePoint(char.codePointAt(0) ?? 0)))];
        assert.deepEqual(unprintableCharacters(text), expected);
      }),
    );
  });

  it('prints every letter of Latin-1, Latin Extended-A, -B and Additional, and reads each back', async () => {
    const letters: string[] = [];
    for (const [from, to] of [
      [0xc0, 0x24f],
      [0x1e00, 0x1eff],
    ] as const) {
      for (let code: number = from; code <= to; code++) {
        const char = String.fromCodePoint(code);
        // Letters as a voter types them (NFC); ŉ is deprecated (NFKC splits it) and no name uses it.
        if (/\p{L}/u.test(char) && char.normalize('NFC') === char && code !== 0x149) letters.push(char);
      }
    }
    assert.ok(letters.length > 600, `${letters.length} letters`);
    assert.deepEqual(
      letters.filter((char) => !isPrintableCodePoint(char.codePointAt(0) ?? 0)),
      [],
      'the font has every one',
    );
    // Forty letters to a field, two fields a PDF (first and middle name).
    for (let start = 0; start < letters.length; start += 80) {
      const first = letters.slice(start, start + 40).join('');
      const middle = letters.slice(start + 40, start + 80).join('');
      const [page1 = ''] = (
        await extractText(renderRegistrationPdf({ ...californiaVoter, firstName: first, middleName: middle || undefined }))
      ).pages;
      const extracted = page1.replace(/\s+/g, '');
      for (const char of first + middle)
        assert.ok(extracted.includes(char), `${JSON.stringify(char)} (U+${char.codePointAt(0)?.toString(16)}) should survive`);
    }
  });
});

describe('notInWinAnsi (the form labels and the state texts, set in Helvetica)', () => {
  it('takes Latin-1 and the WinAnsi extras, not what only the answer font prints', () => {
    assert.deepEqual(notInWinAnsi('Peña — “€” Œ Š Ž ™'), []);
    assert.deepEqual(notInWinAnsi('Łódź'), ['Ł', 'ź']);
    assert.ok(isWinAnsiCodePoint(0x20ac) && !isWinAnsiCodePoint(0x0141));
  });
});

describe('the renderer', () => {
  it('prints Latin names beyond Latin-1 in the boxes and on the mailer, read back as typed', async () => {
    const reg = {
      ...texasVoter,
      firstName: 'Thị Hoa',
      middleName: 'Łukasz',
      lastName: 'Nguyễn',
      homeAddress: { ...texasVoter.homeAddress, city: 'Şahinköy' },
    };
    const { pages } = await extractText(renderRegistrationPdf(reg));
    for (const value of ['Nguyễn', 'Thị Hoa', 'Łukasz', 'Şahinköy']) assert.ok(pages[0]?.includes(value), `page 1: ${value}`);
    assert.ok(pages[2]?.includes('Thị Hoa Łukasz Nguyễn'), 'page 3: the return address');
  });

  it('refuses to render, naming every field, rather than print a mangled name', () => {
    assert.throws(
      () =>
        renderRegistrationPdf({
          ...californiaVoter,
          lastName: '李',
          homeAddress: { ...californiaVoter.homeAddress, city: 'Sacra\nmento' },
        }),
      (error: unknown) => error instanceof UnprintableTextError && error.fields.join() === 'lastName,homeAddress.city',
    );
  });

  it('holds the state texts, printed in Helvetica, to WinAnsi', () => {
    assert.throws(
      () => renderRegistrationPdf({ ...californiaVoter, state: { ...californiaVoter.state, deadline: 'Łódź' } }),
      (error: unknown) => error instanceof UnprintableTextError && error.fields.join() === 'state.deadline',
    );
  });
});
