// The form's printed static text, from views/locales/pdf/{en,es}.json (the one source of every
// printed label). Both files share one key set; the type is taken from the English file.
import en from '../../views/locales/pdf/en.json' with { type: 'json' };
import es from '../../views/locales/pdf/es.json' with { type: 'json' };

export type PdfStrings = typeof en;
export type PdfLanguage = 'en' | 'es';

const byLanguage: Record<PdfLanguage, PdfStrings> = { en, es };

export function pdfStrings(lang: PdfLanguage): PdfStrings {
  return byLanguage[lang];
}

/** Replaces `{name}` placeholders; a placeholder without a value is left visible, not blanked. */
export function interpolate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
