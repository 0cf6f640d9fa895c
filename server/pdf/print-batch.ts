// A print batch as ONE print-ready PDF: a cover sheet (batch id, date, count, the registration
// references in print order), then for each voter the application page followed by its mailer
// page (addressed to the election office), drawn with the same pieces as the voter's own PDF
// (render.ts). Streamed: pdfkit hands each page's bytes over when the next page starts, and the
// caller's flush() gets them after every voter, so a batch never sits whole in memory (the
// cross-reference table, one offset per object, and the answer font's subset are all it keeps).
import { createDocumentTo } from './document.js';
import type { Doc } from './draw.js';
import { FONT } from './ink.js';
import { assertPrintable } from './printable-check.js';
import { addRegistrationPages } from './render.js';
import { interpolate, pdfStrings } from './strings.js';
import type { PdfRegistration } from './types.js';

export interface BatchCover {
  id: number;
  /** Epoch ms the batch was made: the one date in the file. */
  createdAt: number;
  count: number;
  reprintOf: number | null;
  /** Who prints it (Rollcall, or the partner's name). */
  printer: string;
  /** Registration references (uids), in print order. */
  references: readonly string[];
}

const MARGIN = 40;
const COLUMNS = 3;
const ROW = 8.4;
const LIST_TOP = 196;
const LIST_BOTTOM = 760;
/** References on the cover's first page (3 columns of 67): a batch of 200 has a one-page cover. */
export const REFERENCES_PER_COVER_PAGE = COLUMNS * Math.floor((LIST_BOTTOM - LIST_TOP) / ROW);

function drawCover(doc: Doc, cover: BatchCover): void {
  const t = pdfStrings('en').printBatch;
  const date = new Date(cover.createdAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  let page = 0;
  const width = (612 - 2 * MARGIN) / COLUMNS;
  for (let start = 0; start === 0 || start < cover.references.length; start += REFERENCES_PER_COVER_PAGE) {
    doc.addPage();
    doc.fillColor('#000000').font(FONT.bold).fontSize(20);
    doc.text(interpolate(t.title, { id: String(cover.id) }) + (page > 0 ? ` (${page + 1})` : ''), MARGIN, MARGIN, { lineBreak: false });
    doc.font(FONT.regular).fontSize(11);
    const facts = [
      interpolate(t.made, { date }),
      interpolate(t.count, { count: String(cover.count) }),
      interpolate(t.printer, { printer: cover.printer }),
      cover.reprintOf === null ? t.firstPrint : interpolate(t.reprintOf, { id: String(cover.reprintOf) }),
    ];
    facts.forEach((line, i) => doc.text(line, MARGIN, 74 + i * 15, { lineBreak: false }));
    doc.fontSize(9).text(t.order, MARGIN, 140, { width: 612 - 2 * MARGIN });
    doc
      .font(FONT.bold)
      .fontSize(9)
      .text(t.references, MARGIN, LIST_TOP - 16, { lineBreak: false });
    doc.font(FONT.regular).fontSize(7);
    const rows = REFERENCES_PER_COVER_PAGE / COLUMNS;
    cover.references.slice(start, start + REFERENCES_PER_COVER_PAGE).forEach((ref, i) => {
      const x = MARGIN + Math.floor(i / rows) * width;
      const y = LIST_TOP + (i % rows) * ROW;
      doc.text(`${String(start + i + 1).padStart(3, ' ')}  ${ref}`, x, y, { lineBreak: false });
    });
    page++;
  }
}

/**
 * Writes the batch: flush() receives the bytes made so far after the cover and after each voter
 * (await it to slow down for a slow reader). Returns the page count. Throws UnprintableTextError
 * before drawing a voter whose text the fonts cannot print (the response is then cut short).
 */
export async function writeBatchPdf(
  cover: BatchCover,
  voters: AsyncIterable<PdfRegistration>,
  flush: (chunks: Uint8Array[]) => Promise<void>,
): Promise<{ pages: number; voters: number }> {
  const strings = pdfStrings('en');
  let chunks: Uint8Array[] = [];
  const doc = createDocumentTo(
    {
      title: interpolate(strings.printBatch.title, { id: String(cover.id) }),
      subject: strings.meta.subject,
      author: strings.meta.author,
      lang: 'en',
      date: new Date(cover.createdAt),
    },
    (chunk) => chunks.push(chunk),
  );
  const take = () => {
    const out = chunks;
    chunks = [];
    return out;
  };
  let pages = 0;
  drawCover(doc, cover);
  pages += Math.max(1, Math.ceil(cover.references.length / REFERENCES_PER_COVER_PAGE));
  let count = 0;
  for await (const reg of voters) {
    assertPrintable(reg);
    addRegistrationPages(doc, reg, ['application', 'mailer']);
    pages += 2;
    count++;
    await flush(take());
  }
  doc.end();
  await flush(take());
  return { pages, voters: count };
}
