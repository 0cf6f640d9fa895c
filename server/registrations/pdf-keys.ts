// Where a registration's PDF lives in storage: pdfs/YYYY/MM/DD/<uid>.pdf, from the submit date (UTC).
export function pdfKeyFor(uid: string, submittedAt: number): string {
  const d = new Date(submittedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `pdfs/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${uid}.pdf`;
}
