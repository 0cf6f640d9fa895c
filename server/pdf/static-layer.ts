// The static parts of a page (rules, labels, boxes) drawn once per process and language, kept as
// deflated content-stream operators, and placed in each PDF as a form XObject. Each render then
// only copies these bytes and draws the voter's answers: no re-layout, no re-compression.
import PDFDocument from 'pdfkit';
import { deflateSync } from 'node:zlib';
import type { Doc } from './draw.js';
import { PAGE_HEIGHT, PAGE_WIDTH } from './geometry.js';
import { internals } from './pdfkit-internals.js';

export interface StaticLayer {
  /** Deflated operators, in pdfkit's page space (origin top-left, y down). */
  deflated: Buffer;
  /** Font resource name used by the operators → standard font name. */
  fonts: Record<string, string>;
}

/** Runs `draw` on a scratch page and captures the operators it writes. */
export function captureStaticLayer(draw: (doc: Doc) => void): StaticLayer {
  const doc = new PDFDocument({ size: 'LETTER', margin: 0, compress: false });
  const content = internals(doc).page.content;
  // Skip what pdfkit wrote when opening the page (its flip of the y axis): the page that shows
  // this layer has the same flip already in force.
  const first = content.buffer.length;
  draw(doc);
  const operators = Buffer.concat(content.buffer.slice(first));
  const fonts: Record<string, string> = {};
  for (const font of Object.values(internals(doc)._fontFamilies)) fonts[font.id] = font.name;
  return { deflated: deflateSync(operators, { level: 9 }), fonts };
}

/** Draws a captured layer on the current page of `doc`, under resource name `name`. */
export function placeStaticLayer(doc: Doc, layer: StaticLayer, name: string): void {
  const pdf = internals(doc);
  const fontRefs: Record<string, unknown> = {};
  for (const [resourceName, fontName] of Object.entries(layer.fonts)) {
    doc.font(fontName);
    fontRefs[resourceName] = pdf._font.ref();
  }
  const xobject = pdf.ref({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, PAGE_WIDTH, PAGE_HEIGHT],
    Resources: { Font: fontRefs, ProcSet: ['PDF', 'Text'] },
    Filter: 'FlateDecode',
  });
  xobject.end(layer.deflated);
  pdf.page.xobjects[name] = xobject;
  doc.addContent(`q /${name} Do Q`);
}

/** A layer per key, built on first use and kept for the life of the process (or worker). */
export function layerCache<Key extends string>(build: (key: Key) => StaticLayer): (key: Key) => StaticLayer {
  const layers = new Map<Key, StaticLayer>();
  return (key) => {
    let layer = layers.get(key);
    if (!layer) {
      layer = build(key);
      layers.set(key, layer);
    }
    return layer;
  };
}
