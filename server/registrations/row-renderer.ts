// A registration's PDF rendered from its database row alone. Storage re-derives a lost copy with
// it (PdfCatalog) and PdfService renders jobs and fallbacks with it. It needs no storage, so it is
// built before storage: what used to be a construction cycle (storage → catalog → PdfService →
// storage) is a line.
import type { PdfRegistration } from '../pdf/types.js';
import type { RegistrationRow } from './registration-records.js';
import { toPdfRegistration } from './to-pdf.js';

export interface PdfRenderer {
  render(reg: PdfRegistration): Promise<Buffer>;
  close(): Promise<void>;
}

export type RenderRow = (row: RegistrationRow) => Promise<Buffer>;

export function rowRenderer(renderer: PdfRenderer, idNumberOf: (row: RegistrationRow) => string | undefined): RenderRow {
  return (row) => renderer.render(toPdfRegistration(row, idNumberOf(row)));
}
