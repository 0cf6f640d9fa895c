// The one i18n system: every user-visible sentence comes from a catalogue under views/locales/,
// one JSON file per area and language, read by i18next. The voter's pages use the default
// catalogue (views/locales/{en,es}.json); the partner portal's (partner/{en,es}.json) and the
// admin side's (admin/en.json: staff read English) are namespaces of the same instance, so the
// voter catalogues stay free of staff strings. test/unit/server/locales.test.ts checks every
// catalogue for missing and unused keys and mismatched placeholders. The PDF's printed text
// (pdf/{en,es}.json) is layout data read by server/pdf/strings.ts, checked by the same test.
import fs from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { projectPath } from './project-root.js';

export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}

/** The staff areas' catalogues, with the languages each is written in. */
export const STAFF_AREAS = { partner: LANGS, admin: ['en'] } as const satisfies Record<string, readonly Lang[]>;
export type StaffArea = keyof typeof STAFF_AREAS;

/** The voter's emails and the email link pages (server/mail/): a namespace of its own, in both languages. */
export const MAIL_NS = 'mail';

/** A catalogue as written: the voter's (no area), a staff area's, or the voter mail's. */
export function loadLocale(lang: Lang, area?: StaffArea | typeof MAIL_NS): Record<string, unknown> {
  const file = area ? projectPath('views', 'locales', area, `${lang}.json`) : projectPath('views', 'locales', `${lang}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function resourcesOf(lang: Lang): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = { translation: loadLocale(lang) };
  for (const [area, langs] of Object.entries(STAFF_AREAS) as Array<[StaffArea, readonly Lang[]]>)
    if (langs.includes(lang)) resources[area] = loadLocale(lang, area);
  resources[MAIL_NS] = loadLocale(lang, MAIL_NS);
  return resources;
}

const instance = i18next.createInstance();
void instance.init({
  initImmediate: false,
  resources: Object.fromEntries(LANGS.map((l) => [l, resourcesOf(l)])),
  ns: ['translation', ...Object.keys(STAFF_AREAS), MAIL_NS],
  fallbackLng: false,
  // Templates escape output themselves; double escaping would show &amp; to voters.
  interpolation: { escapeValue: false },
  returnNull: false,
} as Parameters<typeof instance.init>[0]);

export type Translate = TFunction;

/** The voter mail's words (views/locales/mail/{en,es}.json). */
export function mailTranslator(lang: Lang): Translate {
  return instance.getFixedT(lang, MAIL_NS);
}

export function translator(lang: Lang): Translate {
  return instance.getFixedT(lang);
}

/**
 * A staff area's words: `msg('a.b', {n: 3})` fills {{n}}. A missing key shows itself (and the
 * locale test fails) rather than an empty label; a placeholder without a value stays visible.
 */
export type Msg = (key: string, params?: Record<string, string | number>) => string;

export function messagesFor(area: StaffArea, lang: Lang): Msg {
  const t = instance.getFixedT(lang, area);
  return (key, params) => t(key, params);
}
