// The pool's worker: renders one PDF and hands its bytes back by transferring the ArrayBuffer
// (no copy across threads). Loaded by pool.ts from dist/ as a worker thread.
import { move } from 'piscina';
import { renderRegistrationPdf, warmUpRenderer } from './render.js';
import type { PdfRegistration } from './types.js';

// Each worker draws its static layers when it starts, so no voter's render pays for it.
warmUpRenderer();

export default function renderInWorker(reg: PdfRegistration): Uint8Array {
  return move(ownedBytes(renderRegistrationPdf(reg))) as Uint8Array;
}

/** Bytes that own their whole ArrayBuffer: transferring a slice of Node's shared Buffer pool
 * would detach every other Buffer allocated from it. */
function ownedBytes(pdf: Buffer): Uint8Array {
  if (pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength) return pdf;
  return new Uint8Array(pdf);
}
