// The shared, faster font metrics measure text exactly as pdfkit's own do, so sharing them
// changes speed only, never the layout or the bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import { FONT } from '../../../../server/pdf/ink.js';
import { registerStandardFonts } from '../../../../server/pdf/standard-fonts.js';

const SAMPLES = [
  'AVAVA To Wa Yo LT Ty P. F, V; “quoted” ‘single’',
  'Peña Ibáñez, María José — Año Nuevo ¿Sí? ¡No!',
  'The information I have provided is true to the best of my knowledge under penalty of perjury.',
  '0123456789 ()[]{} @#$%&* ÆØÅ æøå ß Œœ Šš Žž Ÿÿ € ™',
];

describe('shared standard font metrics', () => {
  for (const name of Object.values(FONT)) {
    it(`measure like pdfkit's own for ${name}`, () => {
      const plain = new PDFDocument({ autoFirstPage: false });
      const shared = new PDFDocument({ autoFirstPage: false, font: '' });
      registerStandardFonts(shared, [name]);
      plain.font(name).fontSize(11);
      shared.font(name).fontSize(11);
      for (const text of SAMPLES) {
        assert.equal(shared.widthOfString(text), plain.widthOfString(text), text);
        assert.equal(shared.heightOfString(text, { width: 120 }), plain.heightOfString(text, { width: 120 }), text);
      }
    });
  }

  it('gives each document its own font objects and resource names', () => {
    const first = new PDFDocument({ autoFirstPage: false, font: '' });
    const second = new PDFDocument({ autoFirstPage: false, font: '' });
    registerStandardFonts(first, [FONT.regular, FONT.bold]);
    registerStandardFonts(second, [FONT.bold]);
    const fontOf = (doc: InstanceType<typeof PDFDocument>, name: string) =>
      (doc as unknown as { _fontFamilies: Record<string, { id: string; document: unknown }> })._fontFamilies[name];
    assert.equal(fontOf(first, FONT.bold)?.id, 'F2');
    assert.equal(fontOf(second, FONT.bold)?.id, 'F1');
    assert.equal(fontOf(second, FONT.bold)?.document, second);
    assert.notEqual(fontOf(first, FONT.bold), fontOf(second, FONT.bold));
  });
});
