// GET /api/v1/states and /api/v1/states/{code}?lang=es — the state rules, public.
import { Router } from 'express';
import { z } from 'zod';
import { NotFound, ValidationFailed } from '../http/errors.js';
import { paths } from '../http/paths.js';
import { getState, listStates, type StateRules } from '../states/index.js';

const langQuery = z.object({ lang: z.enum(['en', 'es']).default('en') });

function present(s: StateRules, lang: 'en' | 'es') {
  return {
    code: s.code,
    name: lang === 'es' && s.nameEs ? s.nameEs : s.name,
    acceptsFederalForm: s.acceptsFederalForm,
    refusalReason: s.acceptsFederalForm ? null : (s.refusalReason?.[lang] ?? null),
    requiresParty: s.requiresParty,
    requiresRace: s.requiresRace,
    parties: s.parties.map((p) => ({ key: p.key, label: p.label[lang] })),
    noParty: s.noParty ? { key: s.noParty.key, label: s.noParty.label[lang] } : null,
    idNumber: { minLength: s.idNumber.minLength, maxLength: s.idNumber.maxLength, noneAllowed: s.idNumber.noneAllowed, rule: s.idNumber.rule[lang] },
    registrationDeadline: s.deadline[lang],
    under18Rule: s.under18?.[lang] ?? null,
    electionOffice: s.office,
    onlineRegistrationUrl: s.onlineRegistrationUrl,
  };
}

function parseLang(query: unknown): 'en' | 'es' {
  const parsed = langQuery.safeParse(query);
  if (!parsed.success) throw new ValidationFailed([{ path: 'lang', code: 'not_in_list', message: 'lang must be "en" or "es"' }]);
  return parsed.data.lang;
}

export function statesApi(): Router {
  const router = Router();
  router.get(paths.api.states, (req, res) => {
    const lang = parseLang(req.query);
    res.set('Cache-Control', 'public, max-age=3600').json({ states: listStates().map((s) => present(s, lang)) });
  });
  router.get(`${paths.api.states}/:code`, (req, res) => {
    const lang = parseLang(req.query);
    const state = /^[A-Za-z]{2}$/.test(req.params.code ?? '') ? getState(req.params.code!) : undefined;
    if (!state) throw new NotFound('No such state');
    res.set('Cache-Control', 'public, max-age=3600').json(present(state, lang));
  });
  return router;
}
