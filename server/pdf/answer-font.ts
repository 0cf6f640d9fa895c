// The typeface of the voter's own words (names, addresses, answers): Noto Sans, committed in
// server/pdf/fonts/ with its licence (SIL OFL 1.1) and embedded, subset, in each PDF. The
// form's printed labels stay in the standard Helvetica (static-layer.ts); Helvetica prints only
// WinAnsi, which refuses "Łukasz", "Nguyễn" or "Şahin", names a US voter writes in Latin letters.
// What the voter may type is decided by this font's own character map (charset.ts), so the
// server accepts exactly what the PDF can print.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { projectPath } from '../project-root.js';
import type { Doc } from './draw.js';
import { internals, type FontkitFont, type FontkitGlyph, type FontkitRun } from './pdfkit-internals.js';

/** The name the answer font is registered under in each document (see registerAnswerFont). */
export const ANSWER_FONT_NAME = 'Answer';

/** Read from the source tree, not dist/, as the states' data and the views are. */
const FONT_FILE = projectPath('server', 'pdf', 'fonts', 'NotoSans-Regular.ttf');

let parsed: FontkitFont | undefined;
let codePoints: ReadonlySet<number> | undefined;

/**
 * The font parsed once per process (or worker) by fontkit, pdfkit's own font parser, reached
 * through a scratch document so fontkit need not be a dependency of ours. Every document then
 * shares the parsed tables and fontkit's glyph cache; each still embeds its own subset.
 */
function answerFont(): FontkitFont {
  if (!parsed) {
    const scratch = new PDFDocument({ autoFirstPage: false, font: '' });
    scratch.font(readFileSync(FONT_FILE));
    parsed = internals(scratch)._font.font;
    if (!parsed) throw new Error(`${FONT_FILE} did not load as an embeddable font`);
  }
  return parsed;
}

/**
 * The font as pdfkit sees it: fontkit's own, except that text without combining marks is laid
 * out glyph by glyph from the cmap and the advance widths. fontkit's full layout applies the
 * OpenType features (GSUB/GPOS, kerning) and cost more than the whole filled page before this
 * font was embedded; names and addresses need none of it (a NFC-composed "ễ" is one glyph), so
 * only text with a combining mark left over (a letter with no precomposed form, "n̈") takes the
 * full layout, which places the mark. pdfkit accepts any object with fontkit's `layout`.
 */
function answerFontForPdfkit(): FontkitFont {
  if (!forPdfkit) {
    const font = answerFont();
    sharedGlyphsKeepTheirCharacters(font);
    const plain = Object.create(font) as FontkitFont;
    plain.layout = (text, features) =>
      features || COMBINING_MARK.test(text) ? font.layout(text, features) : plainRun(font.glyphsForString(text));
    forPdfkit = plain;
  }
  return forPdfkit;
}

const COMBINING_MARK = /\p{M}/u;
let forPdfkit: FontkitFont | undefined;

/**
 * fontkit keeps one object per glyph, with the characters it was first asked for; pdfkit writes
 * those characters into the PDF's text layer (ToUnicode), what a reader copies or searches.
 * Shared across documents, a glyph first reached as a composite's part ("N" inside "Ñ", by a
 * subset) would keep no character at all, and a glyph two characters share would keep the
 * first one this process met: the text layer, and so the bytes, would depend on earlier
 * renders. So a glyph asked for with other characters than it keeps comes back as a view
 * carrying the characters asked for. And each document's subset decodes the outline of every
 * glyph it includes, only to find a composite's parts: decoded once per process instead.
 */
function sharedGlyphsKeepTheirCharacters(font: FontkitFont): void {
  const glyphFor = font.getGlyph.bind(font);
  const decodedOnce = new WeakSet<FontkitGlyph>();
  const views = new Map<string, FontkitGlyph>();
  font.getGlyph = (id, codePoints = []) => {
    const glyph = glyphFor(id, codePoints);
    if (!decodedOnce.has(glyph)) {
      const decoded = glyph._decode();
      glyph._decode = () => decoded;
      decodedOnce.add(glyph);
    }
    if (codePoints.length === 0 || codePoints.join() === glyph.codePoints.join()) return glyph;
    const key = `${id}:${codePoints.join()}`;
    let view = views.get(key);
    if (!view) {
      view = Object.create(glyph, { codePoints: { value: [...codePoints] } }) as FontkitGlyph;
      views.set(key, view);
    }
    return view;
  };
}

/** What fontkit's GlyphRun offers pdfkit: glyphs, their positions, and the total advance
 * (a getter, as pdfkit scales the positions in place after layout). */
function plainRun(glyphs: FontkitGlyph[]): FontkitRun {
  const positions = glyphs.map((glyph) => ({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  return {
    glyphs,
    positions,
    get advanceWidth() {
      return positions.reduce((total, position) => total + position.xAdvance, 0);
    },
  };
}

/** Makes `doc.font(ANSWER_FONT_NAME)` the embedded answer font in this document. */
export function registerAnswerFont(doc: Doc): void {
  doc.registerFont(ANSWER_FONT_NAME, answerFontForPdfkit() as unknown as Buffer);
}

/** Whether the answer font has a glyph for this code point (from its cmap table). */
export function answerFontHas(codePoint: number): boolean {
  codePoints ??= new Set(answerFont().characterSet);
  return codePoints.has(codePoint);
}

/** Where the baseline sits below the top of a line, per point of size (pdfkit places text by its top). */
export function answerFontAscender(): number {
  const font = answerFont();
  return font.ascent / font.unitsPerEm;
}
