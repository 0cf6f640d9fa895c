// Colours of the printed form, sampled from the reference scans: the English form is printed in
// a maroon ink, the Spanish one in navy; both use the same red for warnings and headings.
// The voter's answers are black so they stand out from the form's own ink.
import type { PdfLanguage } from './strings.js';

export interface Ink {
  form: string;
  red: string;
  answer: string;
}

const INKS: Record<PdfLanguage, Ink> = {
  en: { form: '#56404e', red: '#e21a2b', answer: '#000000' },
  es: { form: '#203c73', red: '#ec1f2f', answer: '#000000' },
};

export function inkFor(lang: PdfLanguage): Ink {
  return INKS[lang];
}

export const FONT = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  boldItalic: 'Helvetica-BoldOblique',
} as const;
