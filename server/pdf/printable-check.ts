// A last guard before drawing: the server rejects unprintable text with a field error, but if
// such text ever reached the renderer, printing a mangled name on an official form would be
// worse than failing the render job visibly. So the renderer refuses, naming the fields.
import { unprintableCharacters } from './charset.js';
import type { PdfRegistration } from './types.js';

export class UnprintableTextError extends Error {
  constructor(readonly fields: string[]) {
    super(`text the PDF font cannot print in: ${fields.join(', ')}`);
    this.name = 'UnprintableTextError';
  }
}

function collect(value: unknown, path: string, bad: string[]): void {
  if (typeof value === 'string') {
    if (unprintableCharacters(value).length > 0) bad.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, `${path}[${index}]`, bad));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) collect(child, path ? `${path}.${key}` : key, bad);
  }
}

export function assertPrintable(reg: PdfRegistration): void {
  const bad: string[] = [];
  collect(reg, '', bad);
  if (bad.length > 0) throw new UnprintableTextError(bad);
}
