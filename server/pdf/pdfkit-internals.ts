// The few pdfkit internals the renderer relies on, named in one place so an upgrade that moves
// them breaks here (and in the tests) rather than silently. Checked against pdfkit 0.20.
import type { Doc } from './draw.js';

export interface PdfkitReference {
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  end(chunk?: Uint8Array): void;
}

interface PdfkitFont {
  id: string;
  name: string;
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
