// A last guard before drawing: the server rejects unprintable text with a field error, but if
// such text ever reached the renderer, printing a mangled name on an official form would be
// worse than failing the render job visibly. So the renderer refuses, naming the fields.
// The voter's answers are typed in the embedded answer font; the state's facts and the uid
// are printed in Helvetica (instructions page, office-use box), so they are held to WinAnsi.
import { notInWinAnsi, unprintableCharacters } from './charset.js';
import type { PdfRegistration } from './types.js';

export class UnprintableTextError extends Error {
  constructor(readonly fields: string[]) {
    super(`text the PDF font cannot print in: ${fields.join(', ')}`);
    this.name = 'UnprintableTextError';
  }
}

const IN_HELVETICA = new Set<string>(['uid', 'state']);

function collect(value: unknown, path: string, bad: string[], check: (text: string) => string[]): void {
  if (typeof value === 'string') {
    if (check(value).length > 0) bad.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, `${path}[${index}]`, bad, check));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) collect(child, path ? `${path}.${key}` : key, bad, check);
  }
}

export function assertPrintable(reg: PdfRegistration): void {
  const bad: string[] = [];
  for (const [key, value] of Object.entries(reg)) collect(value, key, bad, IN_HELVETICA.has(key) ? notInWinAnsi : unprintableCharacters);
  if (bad.length > 0) throw new UnprintableTextError(bad);
}
