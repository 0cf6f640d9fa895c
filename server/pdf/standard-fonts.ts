// Shares the standard fonts' metrics between documents. pdfkit builds a fresh AFM table (glyph
// widths and every kerning pair) for each font of each new document, which costs more than
// drawing the whole filled page; the tables never change, so each worker builds them once.
import PDFDocument from 'pdfkit';
import type { Doc } from './draw.js';
import { internals } from './pdfkit-internals.js';

const templates = new Map<string, object>();

function templateFont(name: string): object {
  let template = templates.get(name);
  if (!template) {
    const scratch = new PDFDocument({ autoFirstPage: false });
    scratch.font(name);
    template = internals(scratch)._font;
    fasterLookups((template as { font: AfmMetrics }).font);
    templates.set(name, template);
  }
  return template;
}

interface AfmMetrics {
  kernPairs: Record<string, number>;
  glyphWidths: Record<string, number>;
  getKernPair(left: string, right: string | undefined): number;
  widthOfGlyph(glyph: string): number;
}

/**
 * Faster lookups over the same numbers, applied once to the shared metrics. pdfkit looks
 * kerning up by building the string `left + '\0' + right` for every glyph pair it measures
 * (most of the cost of wrapping a paragraph); a two-level map gives the same amounts without
 * the string. Same numbers as pdfkit's own (test/unit/server/pdf/standard-fonts.test.ts).
 */
function fasterLookups(afm: AfmMetrics): void {
  const byLeft = new Map<string, Map<string, number>>();
  for (const [pair, amount] of Object.entries(afm.kernPairs)) {
    const [left = '', right = ''] = pair.split('\0');
    let rights = byLeft.get(left);
    if (!rights) byLeft.set(left, (rights = new Map()));
    rights.set(right, amount);
  }
  afm.getKernPair = (left, right) => (right === undefined ? 0 : (byLeft.get(left)?.get(right) ?? 0));
  // Widths likewise: pdfkit's table is an object with a few hundred glyph-name keys.
  const widths = new Map(Object.entries(afm.glyphWidths));
  afm.widthOfGlyph = (glyph) => widths.get(glyph) || 0;
}

/**
 * Registers `names` in `doc` (as resources F1, F2, … in this order) with shared metrics.
 * Each document still gets its own font object, so its resource dictionary is its own.
 */
export function registerStandardFonts(doc: Doc, names: readonly string[]): void {
  const pdf = internals(doc);
  for (const name of names) {
    const template = templateFont(name);
    const font = Object.assign(Object.create(Object.getPrototypeOf(template) as object) as object, template, {
      document: doc,
      id: `F${++pdf._fontCount}`,
      dictionary: undefined,
      embedded: false,
    });
    pdf._fontFamilies[name] = font as unknown as (typeof pdf._fontFamilies)[string];
  }
}
