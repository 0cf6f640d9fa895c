// A registration's PDF rendered from its database row alone. Storage re-derives a lost copy with
// it (PdfCatalog) and PdfService renders jobs and fallbacks with it. It needs no storage, so it is
// built before storage: what used to be a construction cycle (storage → catalog → PdfService →
// storage) is a line.
import type { MailingOffice } from '../offices/offices.js';
import type { PdfRegistration } from '../pdf/types.js';
import type { RegistrationRow } from './registration-records.js';
import { toPdfRegistration } from './to-pdf.js';

export interface PdfRenderer {
  render(reg: PdfRegistration): Promise<Buffer>;
  close(): Promise<void>;
}

export type RenderRow = (row: RegistrationRow) => Promise<Buffer>;

/** `officeOf`: where the form goes (ElectionOffices.officeFor); null only for a row with no state, which does not render. */
export function rowRenderer(
  renderer: PdfRenderer,
  idNumberOf: (row: RegistrationRow) => string | undefined,
  officeOf: (row: RegistrationRow) => Promise<MailingOffice | null>,
): RenderRow {
  return async (row) => {
    const office = await officeOf(row);
    if (!office) throw new Error(`registration ${row.uid} is not complete enough to render`);
    return renderer.render(toPdfRegistration(row, idNumberOf(row), office));
  };
}
