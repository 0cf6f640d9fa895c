// The registration's QR code, drawn as filled rectangles (one per horizontal run of dark
// modules) so it is sharp at any zoom and costs no image decoding.
import QRCode from 'qrcode';
import type { Doc } from './draw.js';

/** Draws the QR code of `text` as a square of `sizePt` points whose top-left is (left, top). */
export function drawQrCode(doc: Doc, text: string, left: number, top: number, sizePt: number, color: string): void {
  // One byte-mode segment: skips qrcode's search for the cheapest mix of modes (half its cost);
  // the mask is still chosen by its penalty rules, which keeps the code easy to scan.
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const cell = sizePt / count;
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.get(row, col)) col++;
      doc.rect(left + start * cell, top + row * cell, (col - start) * cell, cell);
    }
  }
  doc.fillColor(color).fill();
}
