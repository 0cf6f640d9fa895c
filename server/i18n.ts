// Every user-visible sentence comes from views/locales/{en,es}.json (a test checks both have the same keys).
import fs from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { projectPath } from './project-root.js';

export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}

export function loadLocale(lang: Lang): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(projectPath('views', 'locales', `${lang}.json`), 'utf8'));
}

const instance = i18next.createInstance();
void instance.init({
  initImmediate: false,
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: loadLocale(l) }])),
  fallbackLng: false,
  // Templates escape output themselves; double escaping would show &amp; to voters.
  interpolation: { escapeValue: false },
  returnNull: false,
} as Parameters<typeof instance.init>[0]);

export type Translate = TFunction;

export function translator(lang: Lang): Translate {
  return instance.getFixedT(lang);
}
