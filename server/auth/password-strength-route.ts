// ASVS 2.1.8, the strength meter: the words for a password's score (the meter's live text, and the
// field error when a weak one is refused), and the JSON endpoint the password pages' script
// (views/static/password.js) asks while the user types.
//
// Why the server scores, not the browser: the scorer with its dictionaries is about 536 KB of
// script (107 KB for @zxcvbn-ts/core, 429 KB for @zxcvbn-ts/language-common's lists; 249 KB
// gzipped, and express.static sends it uncompressed) against a 4 KB script here; one scorer judges
// both the meter and the submit, so they can never disagree; and the feedback is worded from our
// own catalogues in the page's language. The cost: the password crosses the wire while typed
// (over the same TLS connection that will carry it on submit, to the same server), so the
// endpoint is CSRF-protected, limited per client, answers `no-store`, and logs nothing of it (no
// request log exists; the limiter stores a keyed hash of the address only).
import { Router, type RequestHandler, type Response } from 'express';
import { clientOf } from '../http/client-address.js';
import { formField } from '../http/form.js';
import type { Limit, RateLimiter } from '../http/rate-limit.js';
import { CsrfRefused } from '../errors.js';
import type { Msg } from '../i18n.js';
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordStrength } from './passwords.js';

/**
 * Per client address: the script asks once the typing pauses (400 ms), so a person setting a
 * 20-character password sends about 10; a check costs a few milliseconds (100 ms for the worst
 * 128-character one measured), so the limit also bounds what one client can make the server spend.
 */
export const STRENGTH_LIMIT: Limit = { name: 'password-strength', max: 60, windowMs: 60_000 };

/** An area's message lookup (partnerMsg(res), the admin's msg). */
export type Words = Msg;

/** What the meter says: the level in words (never a colour alone) and zxcvbn's feedback, worded. */
export interface StrengthText {
  score: number;
  /** Whether the server would take this password (length, breached list, score). */
  acceptable: boolean;
  level: string;
  warning: string | null;
  suggestions: string[];
}

/** The words of zxcvbn's feedback keys (warnings and suggestions), in the area's catalogue. */
export function feedbackText(strength: Pick<PasswordStrength, 'warning' | 'suggestions'>, words: Words) {
  return {
    warning: strength.warning ? words(`passwordHelp.warnings.${strength.warning}`) : null,
    suggestions: strength.suggestions.map((key) => words(`passwordHelp.suggestions.${key}`)),
  };
}

/** The meter's text for a password being typed (or just refused). */
export function strengthText(password: string, userInputs: readonly string[], words: Words): StrengthText {
  const { problem, strength } = checkPassword(password, userInputs);
  const level =
    problem === 'too_short'
      ? words('passwordHelp.tooShort', { min: MIN_PASSWORD_LENGTH, count: [...password].length })
      : problem === 'too_long'
        ? words('passwordHelp.tooLong', { max: MAX_PASSWORD_LENGTH })
        : problem === 'common'
          ? words('passwordHelp.common')
          : words(`passwordHelp.levels.${strength.score}`);
  return { score: strength.score, acceptable: problem === null, level, ...feedbackText(strength, words) };
}

/** What differs between the staff and the partner side. */
export interface StrengthSide {
  path: string;
  /** Who may ask (the staff guard); none on the partner side, whose reset page is before sign-in. */
  guard?: RequestHandler;
  /** Whether the posted token is one the asking page was given (the same scope its form posts with). */
  csrfOk: (res: Response, token: unknown) => boolean;
  words: (res: Response) => Words;
  /** Words the scorer treats as known: the account's email address, when there is one. */
  userInputs: (res: Response, body: Record<string, unknown>) => Promise<string[]>;
}

export function passwordStrengthRoute({ limiter }: { limiter: RateLimiter }, side: StrengthSide): Router {
  const router = Router();
  const guards = side.guard ? [side.guard] : [];
  router.post(side.path, ...guards, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (!side.csrfOk(res, body._csrf)) throw new CsrfRefused('The page expired. Please reload it.');
    const limited = await limiter.tryHit(res, STRENGTH_LIMIT, clientOf(req));
    if (limited) throw limited;
    const password = formField(body, 'password', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    res.set('Cache-Control', 'no-store');
    res.json(strengthText(password, await side.userInputs(res, body), side.words(res)));
  });
  return router;
}
