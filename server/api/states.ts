// GET /api/v1/states and /api/v1/states/{code}?lang=es — the state rules, public.
import { Router, type Response } from 'express';
import type { z } from 'zod';
import { NotFound, ValidationFailed } from '../errors.js';
import { getState, listStates, localName, type IdType, type StateRules } from '../states/index.js';
import { operations, reply, routePath } from './operations.js';
import { langQuery, statePathParams, type stateRules } from './schemas.js';

function present(s: StateRules, lang: 'en' | 'es'): z.output<typeof stateRules> {
  return {
    code: s.code,
    name: localName(s, lang),
    acceptsFederalForm: s.acceptsFederalForm,
    refusalReason: s.acceptsFederalForm ? null : (s.refusalReason?.[lang] ?? null),
    requiresParty: s.requiresParty,
    requiresRace: s.requiresRace,
    parties: s.parties.map((p) => ({ key: p.key, label: p.label[lang] })),
    noParty: s.noParty ? { key: s.noParty.key, label: s.noParty.label[lang] } : null,
    idNumber: idNumberRule(s, lang),
    registrationDeadline: s.deadline[lang],
    under18Rule: s.under18?.[lang] ?? null,
    electionOffice: s.office,
    onlineRegistrationUrl: s.onlineRegistrationUrl,
  };
}

function idNumberRule(s: StateRules, lang: 'en' | 'es'): z.output<typeof stateRules>['idNumber'] {
  const id = s.idNumber;
  // The old minLength/maxLength, kept for clients that read them: the bounds of every accepted answer's length.
  const lengths = id.accepts.map((type) => IDENTIFIER_LENGTHS[type](id.licence));
  return {
    accepts: [...id.accepts],
    none: id.none,
    noneText: id.noneText[lang],
    licence: { min: id.licence.min, max: id.licence.max },
    rule: id.rule[lang],
    source: id.source,
    checked: id.checked,
    minLength: Math.min(...lengths.map(([min]) => min)),
    maxLength: Math.max(...lengths.map(([, max]) => max)),
    noneAllowed: true,
  };
}

const IDENTIFIER_LENGTHS: Record<IdType, (licence: { min: number; max: number }) => [number, number]> = {
  state_id: (l) => [l.min, l.max],
  state_id_and_ssn_last4: (l) => [l.min + 5, l.max + 5],
  ssn_last4: () => [4, 4],
  ssn_full: () => [9, 11],
  none: () => [4, 7], // NONE, NINGUNO
};

function parseLang(query: unknown): 'en' | 'es' {
  const parsed = langQuery.safeParse(query);
  if (!parsed.success) throw new ValidationFailed([{ path: 'lang', code: 'not_in_list', message: 'lang must be "en" or "es"' }]);
  return parsed.data.lang;
}

const cacheHour = (res: Response) => res.set('Cache-Control', 'public, max-age=3600');

export function statesApi(): Router {
  const router = Router();
  router.get(routePath(operations.listStates), (req, res) => {
    const lang = parseLang(req.query);
    reply(cacheHour(res), operations.listStates, 200, { states: listStates().map((s) => present(s, lang)) });
  });
  router.get(routePath(operations.getState), (req, res) => {
    const lang = parseLang(req.query);
    const params = statePathParams.safeParse(req.params);
    const state = params.success ? getState(params.data.code) : undefined;
    if (!state) throw new NotFound('No such state');
    reply(cacheHour(res), operations.getState, 200, present(state, lang));
  });
  return router;
}
