// The partner portal's language: English unless the partner user chose Spanish with the switch
// link (?lang=es), which a cookie remembers (a year; it holds only 'en' or 'es'). Every portal page
// and message then comes from views/locales/partner/<lang>.json.
import type { NextFunction, Request, Response } from 'express';
import { readCookie } from '../http/cookies.js';
import { isLang, type Lang } from '../i18n.js';
import { messagesFor, type Msg } from '../i18n.js';
import { paths } from '../paths.js';

export const PARTNER_LANG_COOKIE = 'rc_partner_lang';
const YEAR_MS = 365 * 86_400_000;

export function partnerLanguage(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = req.query.lang;
    let lang: Lang = 'en';
    if (isLang(asked)) {
      lang = asked;
      res.cookie(PARTNER_LANG_COOKIE, lang, {
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        path: paths.partner.home,
        maxAge: YEAR_MS,
      });
    } else {
      const remembered = readCookie(req, PARTNER_LANG_COOKIE);
      if (isLang(remembered)) lang = remembered;
    }
    res.locals.partnerLang = lang;
    next();
  };
}

export function partnerLangOf(res: Response): Lang {
  return isLang(res.locals.partnerLang) ? res.locals.partnerLang : 'en';
}

/** The portal's words in the language of this response. */
export function partnerMsg(res: Response): Msg {
  return messagesFor('partner', partnerLangOf(res));
}

/** The current address with ?lang=<other> (other query values kept), for the switch link. */
export function switchLanguageHref(req: Request, other: Lang): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', other);
  return `${url.pathname}${url.search}`;
}
