// Rollcall's own words for box 6 (ID number), in both languages, made from the facts in
// id-rules.ts: what the state asks for, and what its instruction says happens to a voter who has
// none of the numbers. The wording is ours; the facts are the state's. `s` is the state's name as
// in "your Ohio driver's license"; `place` takes DC's article ("the District of Columbia").
import type { IdRuleFacts } from './id-rules.js';
import type { Localized } from './types.js';
import { spanishOf } from './names.js';

interface Names {
  s: string;
  place: string;
}

const EN_PROOF =
  'a current photo ID, or a recent utility bill, bank statement, paycheck, government check or other government document showing your name and address';
const ES_PROOF =
  'una identificación vigente con foto, o una factura de servicios reciente, un estado de cuenta bancario, un cheque de pago, un cheque del gobierno u otro documento del gobierno con su nombre y dirección';

const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1);

function ask(facts: IdRuleFacts, { en, es }: { en: Names; es: Names }): Localized {
  const kinds = facts.accepts.filter((t) => t !== 'none').join(',');
  switch (kinds) {
    case 'state_id,ssn_last4':
      return {
        en: `Give your ${en.s} driver's license or state ID number. If you don't have one, give the last four digits of your Social Security number.`,
        es: `Indique el número de su licencia de conducir o de su identificación estatal ${spanishOf(es.place)}. Si no tiene ninguna de las dos, indique los últimos cuatro dígitos de su número de Seguro Social.`,
      };
    case 'state_id_and_ssn_last4,state_id,ssn_last4':
      return {
        en: `Give your ${en.s} driver's license number and the last four digits of your Social Security number. If you have only one of them, give that one.`,
        es: `Indique el número de su licencia de conducir ${spanishOf(es.place)} y los últimos cuatro dígitos de su número de Seguro Social. Si solo tiene uno de los dos, indique ese.`,
      };
    case 'state_id,state_id_and_ssn_last4,ssn_last4':
      return {
        en: `Give the number of your current, valid ${en.s} driver's license or state ID card. If your license has expired or was suspended or revoked, give its number and the last four digits of your Social Security number. If you have no license or ID card, give the last four digits of your Social Security number.`,
        es: `Indique el número de su licencia de conducir o tarjeta de identificación ${spanishOf(es.place)}, vigente y válida. Si su licencia está vencida, suspendida o revocada, indique su número y los últimos cuatro dígitos de su número de Seguro Social. Si no tiene licencia ni tarjeta de identificación, indique los últimos cuatro dígitos de su número de Seguro Social.`,
      };
    case 'ssn_full':
      return {
        en: 'Give your full nine-digit Social Security number.',
        es: 'Indique su número de Seguro Social completo, de nueve dígitos.',
      };
    case 'ssn_last4,ssn_full':
      return {
        en: 'Give at least the last four digits of your Social Security number; you may give all nine.',
        es: 'Indique por lo menos los últimos cuatro dígitos de su número de Seguro Social; si lo desea, puede indicar los nueve.',
      };
    case '':
      return {
        en: `${capital(en.place)} does not accept this form, so no ID number is asked for.`,
        es: `${capital(es.place)} no acepta este formulario, así que no se pide ningún número de identificación.`,
      };
    default:
      throw new Error(`no wording for the identifiers ${kinds}`);
  }
}

function noneText(facts: IdRuleFacts, { en, es }: { en: Names; es: Names }): Localized {
  // A state that asks only for the Social Security number: "none" means no Social Security number.
  const ssnOnly = !facts.accepts.includes('state_id') && !facts.accepts.includes('ssn_last4');
  const ifEn = ssnOnly ? "If you don't have a Social Security number" : 'If you have none of these numbers';
  const ifEs = ssnOnly ? 'Si no tiene número de Seguro Social' : 'Si no tiene ninguno de estos números';
  switch (facts.none) {
    case 'assigns_number':
      return {
        en: `${ifEn}, the state will assign you an identifying number.`,
        es: `${ifEs}, el estado le asignará un número de identificación.`,
      };
    case 'id_at_first_vote':
      return {
        en: `${ifEn}, you will have to show identification when you vote.`,
        es: `${ifEs}, tendrá que mostrar una identificación cuando vote.`,
      };
    case 'enclose_proof_or_show':
      return {
        en: `${ifEn} and are registering for the first time, send a copy of ${EN_PROOF} with this form; if you don't, you will be asked for one when you first vote.`,
        es: `${ifEs} y se inscribe por primera vez, envíe con este formulario una copia de ${ES_PROOF}; si no lo hace, se la pedirán la primera vez que vote.`,
      };
    case 'enclose_proof':
      return {
        en: `${ifEn}, attach a copy of ${EN_PROOF} to this form.`,
        es: `${ifEs}, adjunte a este formulario una copia de ${ES_PROOF}.`,
      };
    case 'enclose_proof_montana':
      return {
        en: `${ifEn}, send with this form a copy of a U.S. passport, a ${en.s} tribal ID, a military ID or a ${en.s} concealed carry permit; or of a photo ID (a school or college photo ID counts) together with a recent utility bill, bank statement, paycheck, government check or other government document showing your name and current address.`,
        es: `${ifEs}, envíe con este formulario una copia de un pasaporte estadounidense, una identificación tribal ${spanishOf(es.place)}, una identificación militar o un permiso de portación oculta ${spanishOf(es.place)}; o bien de una identificación con foto (sirve la de una escuela o universidad) junto con una factura de servicios reciente, un estado de cuenta bancario, un cheque de pago, un cheque del gobierno u otro documento del gobierno con su nombre y dirección actual.`,
      };
    case 'county_clerk_assigns':
      return {
        en: `${ifEn}, contact your county clerk, who will assign you an identifying number.`,
        es: `${ifEs}, comuníquese con el secretario de su condado, que le asignará un número de identificación.`,
      };
    case 'register_in_person':
      return {
        en: `${ifEn}, ${en.place}'s instructions say you must register in person at your county auditor's office and sign a statement there that you have none of them. Contact your county auditor before you mail this form.`,
        es: `${ifEs}, las instrucciones ${spanishOf(es.place)} dicen que debe inscribirse en persona en la oficina del auditor de su condado y firmar allí una declaración de que no tiene ninguno. Comuníquese con el auditor de su condado antes de enviar este formulario.`,
      };
    case 'cannot_be_refused':
      return {
        en: `${ifEn}, ${en.place} asks for it but cannot refuse your registration without it.`,
        es: `${ifEs}, ${es.place} lo pide, pero no puede negarle la inscripción por no incluirlo.`,
      };
    case 'not_stated':
      return {
        en: `${ifEn}, federal law requires the state to give you an identifying number. ${capital(en.place)}'s instructions say nothing more about it: contact its election office if you have questions.`,
        es: `${ifEs}, la ley federal obliga al estado a asignarle un número de identificación. Las instrucciones ${spanishOf(es.place)} no dicen nada más al respecto: si tiene preguntas, comuníquese con su oficina electoral.`,
      };
  }
}

export function idRuleTexts(
  facts: IdRuleFacts,
  stateName: Localized,
  place: Localized,
): { ask: Localized; noneText: Localized; rule: Localized } {
  const names = { en: { s: stateName.en, place: place.en }, es: { s: stateName.es, place: place.es } };
  const asked = ask(facts, names);
  // Where nothing is asked (the form is refused), nothing more is said.
  const none = facts.accepts.length === 1 ? { en: '', es: '' } : noneText(facts, names);
  return { ask: asked, noneText: none, rule: { en: `${asked.en} ${none.en}`.trim(), es: `${asked.es} ${none.es}`.trim() } };
}
