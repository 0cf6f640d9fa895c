// What the PDF can print. Two typefaces, two character sets:
// - the voter's words are typed in the embedded answer font (answer-font.ts): whatever its cmap
//   maps, which covers every Latin letter a US voter writes (Latin-1, Latin Extended-A/B and
//   Additional, Vietnamese, combining accents) and Greek and Cyrillic too, but not CJK;
// - the form's own labels and the state's sentences are set in the standard Helvetica
//   (WinAnsiEncoding), which the locale and state-data tests hold them to.
// The server validates every field with unprintableCharacters before a registration is accepted,
// so the renderer never silently drops or mangles a character of the voter's name.
import { answerFontHas } from './answer-font.js';

/** Unicode code points outside Latin-1 that WinAnsiEncoding maps into its 0x80–0x9F block. */
const WIN_ANSI_EXTRAS = new Set<number>([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Controls and separators: a font may have a glyph for some, but none belongs in a printed answer. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEVER_PRINTED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Whether the voter's text may contain this character: the answer font has a glyph for it. */
export function isPrintableCodePoint(codePoint: number): boolean {
  return !NEVER_PRINTED.test(String.fromCodePoint(codePoint)) && answerFontHas(codePoint);
}

/** Whether the standard Helvetica (WinAnsiEncoding) prints this character: the form's labels. */
export function isWinAnsiCodePoint(codePoint: number): boolean {
  // ASCII without controls and DEL; Latin-1 without the C1 controls (0x80–0x9F).
  if (codePoint >= 0x20 && codePoint <= 0x7e) return true;
  if (codePoint >= 0xa0 && codePoint <= 0xff) return true;
  return WIN_ANSI_EXTRAS.has(codePoint);
}

/**
 * The distinct characters of the voter's `text` the PDF cannot print, in order of first
 * appearance (whole code points, so an emoji is one entry). Empty when the text is printable.
 * The server checks answers composed (NFC); an accent left combining (no precomposed letter
 * exists) is printable too, as the font has the combining marks and places them.
 */
export function unprintableCharacters(text: string): string[] {
  return distinct(text, isPrintableCodePoint);
}

/** The same for text printed in Helvetica: the form's labels and the state's sentences. */
export function notInWinAnsi(text: string): string[] {
  return distinct(text, isWinAnsiCodePoint);
}

function distinct(text: string, printable: (codePoint: number) => boolean): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (!printable(char.codePointAt(0) ?? 0)) found.add(char);
  }
  return [...found];
}
