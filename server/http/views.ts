// Nunjucks templates from views/, autoescaped, and the one way to render a page. Every page gets
// `paths` and the answers' length limits; its area (voter, partner portal, admin) adds what all
// of its pages share (language, translator, who is signed in, a CSRF token), then the page adds
// its own values.
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import { projectPath } from '../project-root.js';
import { translator, type Lang } from '../i18n.js';
import { MAX_LENGTH } from '../registrations/field-rules.js';
import { paths } from '../paths.js';

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

/** The one page renderer: a template with its area's shared values, then the page's own (which win). */
export function renderPage(views: Views, template: string, area: Record<string, unknown>, data: Record<string, unknown>): string {
  return views.render(template, { ...area, ...data });
}

/** The language values of a voter page (and of the error page): `lang`, the switch's `otherLang`, and `t`. */
export function voterArea(lang: Lang): Record<string, unknown> {
  return { lang, otherLang: lang === 'en' ? 'es' : 'en', t: translator(lang) };
}

/** Sends a page of a signed-in area; `template` is relative to the area's folder in views/. */
export type Page = (res: Response, template: string, data?: Record<string, unknown>, status?: number) => void;

/** The shared values of an area's pages, worked out per response (its language, who is signed in). */
export type AreaLocals = (res: Response) => Record<string, unknown>;

/** The page sender of an area (partner portal, admin): the one renderer, with the area's folder and values. */
export function areaPages(views: Views, folder: string, locals: AreaLocals): Page {
  return (res, template, data = {}, status = 200) => {
    res
      .status(status)
      .type('html')
      .send(renderPage(views, `${folder}/${template}`, locals(res), data));
  };
}

/** A link in the error summary (views/macros/form.njk), to the field in error. */
export interface ErrorSummaryItem {
  href: string;
  text: string;
}

/** One summary link per field in error, in the order of `errors`; `idOf` gives the field's HTML id. */
export function errorSummaryOf(
  errors: Record<string, string>,
  idOf: (field: string) => string = (field) => field,
  text: (message: string) => string = (message) => message,
): ErrorSummaryItem[] {
  return Object.entries(errors).map(([field, message]) => ({ href: `#${idOf(field)}`, text: text(message) }));
}
