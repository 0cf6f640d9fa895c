// Nunjucks templates from views/, autoescaped. Every page gets `t` (the page language's
// translator), `lang`, `paths`, the answers' length limits and the language-switch link.
import nunjucks from 'nunjucks';
import { projectPath } from '../project-root.js';
import { translator, type Lang } from '../i18n.js';
import { MAX_LENGTH } from '../registrations/field-rules.js';
import { paths } from './paths.js';

export type Views = nunjucks.Environment;

export function createViews(): Views {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(projectPath('views'), { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addGlobal('paths', paths);
  env.addGlobal('maxLength', MAX_LENGTH);
  return env;
}

export function renderPage(views: Views, template: string, lang: Lang, data: Record<string, unknown>): string {
  return views.render(template, { ...data, lang, otherLang: lang === 'en' ? 'es' : 'en', t: translator(lang) });
}
