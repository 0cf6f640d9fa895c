// What the PDF's standard fonts (Helvetica family, WinAnsiEncoding) can print.
// The server validates every field with this before a registration is accepted, so the
// renderer never silently drops or mangles a character of the voter's name.

/** Unicode code points outside Latin-1 that WinAnsiEncoding maps into its 0x80–0x9F block. */
const WIN_ANSI_EXTRAS = new Set<number>([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x017e, 0x0178,
]);

export function isPrintableCodePoint(codePoint: number): boolean {
  // ASCII without controls and DEL; Latin-1 without the C1 controls (0x80–0x9F).
  if (codePoint >= 0x20 && codePoint <= 0x7e) return true;
  if (codePoint >= 0xa0 && codePoint <= 0xff) return true;
  return WIN_ANSI_EXTRAS.has(codePoint);
}

/**
 * The distinct characters of `text` the PDF font cannot print, in order of first appearance
 * (whole code points, so an emoji is one entry). Empty when the text is printable.
 */
export function unprintableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (!isPrintableCodePoint(char.codePointAt(0) ?? 0)) found.add(char);
  }
  return [...found];
}
