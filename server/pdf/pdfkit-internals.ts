// The few pdfkit internals the renderer relies on, named in one place so an upgrade that moves
// them breaks here (and in the tests) rather than silently. Checked against pdfkit 0.20.
import type { Doc } from './draw.js';

export interface PdfkitReference {
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  end(chunk?: Uint8Array): void;
}

/** The parts of a fontkit font (pdfkit's font parser) the renderer reads or replaces. */
export interface FontkitFont {
  /** Every code point the font's cmap maps to a glyph. */
  characterSet: number[];
  ascent: number;
  unitsPerEm: number;
  glyphsForString(text: string): FontkitGlyph[];
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph;
  /** What pdfkit calls to measure and encode text. */
  layout(text: string, features?: unknown): FontkitRun;
}

export interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
  /** Parses the glyph's outline (what a subset reads to find a composite's parts). */
  _decode(): unknown;
}

export interface FontkitRun {
  glyphs: FontkitGlyph[];
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>;
  readonly advanceWidth: number;
}

interface PdfkitFont {
  id: string;
  name: string;
  /** Set on an embedded font: the parsed font file. */
  font?: FontkitFont;
  ref(): PdfkitReference;
}

interface PdfkitInternals {
  page: {
    content: PdfkitReference;
    xobjects: Record<string, PdfkitReference>;
  };
  _font: PdfkitFont;
  _fontFamilies: Record<string, PdfkitFont>;
  _fontCount: number;
  ref(data: Record<string, unknown>): PdfkitReference;
  /** Every byte of the file goes through push(); null marks the end. */
  push(chunk: Uint8Array | null): boolean;
}

export function internals(doc: Doc): PdfkitInternals {
  return doc as unknown as PdfkitInternals;
}
