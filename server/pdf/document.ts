// A pdfkit document whose bytes depend only on its input, collected synchronously.
// pdfkit's only varying parts are the Info dates (CreationDate defaults to now) and the trailer
// /ID, which it derives by hashing the Info dictionary: fixing the dates fixes the ID too.
// The standard fonts are not embedded; the answer font is, as a subset whose tag pdfkit derives
// from the font's resource name (F4 here), not from a random source.
import PDFDocument from 'pdfkit';
import { registerAnswerFont } from './answer-font.js';
import type { Doc } from './draw.js';
import { FONT } from './ink.js';
import { internals } from './pdfkit-internals.js';
import { registerStandardFonts } from './standard-fonts.js';

export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  lang: string;
  /** The one date written into the file. */
  date: Date;
}

export interface CollectedDocument {
  doc: Doc;
  /** Ends the document and returns the whole file. */
  finish(): Buffer;
}

export function createDocument(meta: DocumentMeta): CollectedDocument {
  const chunks: Uint8Array[] = [];
  const doc = createDocumentTo(meta, (chunk) => chunks.push(chunk));
  return {
    doc,
    finish() {
      doc.end();
      return Buffer.concat(chunks);
    },
  };
}

/**
 * The same document, its bytes handed to `write` as pdfkit produces them (a page's content when
 * the next page starts; fonts and the cross-reference table at end()): a long document (a print
 * batch) is streamed instead of collected.
 */
export function createDocumentTo(meta: DocumentMeta, write: (chunk: Uint8Array) => void): Doc {
  if (Number.isNaN(meta.date.getTime())) throw new RangeError('PDF date is not a valid date');
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    // No default font: the shared ones are registered below (see standard-fonts.ts).
    font: '',
    lang: meta.lang,
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: meta.author,
      Creator: 'Rollcall',
      Producer: 'Rollcall (pdfkit)',
      CreationDate: meta.date,
      ModDate: meta.date,
    },
  });
  registerStandardFonts(doc, [FONT.regular, FONT.bold, FONT.boldItalic]);
  registerAnswerFont(doc);
  doc.font(FONT.regular);
  // Take the bytes straight from pdfkit's writer instead of through its Readable stream:
  // the whole file is produced synchronously inside end(), so no event-loop turn is needed.
  // The constructor has already pushed the header into the stream's buffer: take it first.
  const header = doc.read() as Buffer | null;
  if (header) write(header);
  internals(doc).push = (chunk) => {
    if (chunk !== null) write(chunk);
    return true;
  };
  return doc;
}
