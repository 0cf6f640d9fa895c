// Rollcall's own help text for box 6 (ID number), in both languages, per rule kind. Facts from
// each state's instruction on the federal form; the wording is ours. `s` is the state's name in
// the text's language, used as in "your Ohio driver's license"; DC's kind names no state, so
// nothing here needs "the District of Columbia" (a test watches for that).
import type { IdRuleKind } from './id-rule-kinds.js';
import type { Localized } from './types.js';

type StateText = (stateName: string) => string;

// Shared endings, so the same promise is worded the same way everywhere.
const EN_LAST4 = 'If you have neither, enter the last four digits of your Social Security number.';
const ES_LAST4 = 'Si no tiene ninguno de esos documentos, escriba los últimos cuatro dígitos de su número de Seguro Social.';
const EN_NONE_ASSIGNED = 'If you have none of these, write NONE and the state will give you an identifying number.';
const ES_NONE_ASSIGNED = 'Si no tiene ninguno de estos números, escriba NINGUNO y el estado le asignará un número de identificación.';
const EN_PROOF = 'a current photo ID, or a recent utility bill, bank statement, paycheck, government check or other government document showing your name and address';
const ES_PROOF = 'una identificación vigente con foto, o una factura de servicios reciente, un estado de cuenta bancario, un cheque de pago, un cheque del gobierno u otro documento del gobierno con su nombre y dirección';

const ID_RULE_TEXTS: Record<IdRuleKind, { en: StateText; es: StateText }> = {
  drivers_license_or_non_driver_id: {
    en: (s) => `Enter your ${s} driver's license number or state ID number. ${EN_LAST4} ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir o de su identificación estatal de ${s}. ${ES_LAST4} ${ES_NONE_ASSIGNED}`,
  },
  drivers_license_current_and_valid: {
    en: (s) => `Enter the number of your current, valid ${s} driver's license or state-issued ID. ${EN_LAST4} ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir o identificación estatal de ${s}, vigente y válida. ${ES_LAST4} ${ES_NONE_ASSIGNED}`,
  },
  california: {
    en: (s) => `Enter your ${s} driver's license or ID card number. ${EN_LAST4} If you have none of these, write NONE: you may then be asked for identification the first time you vote in a federal election.`,
    es: (s) => `Escriba el número de su licencia de conducir o de su tarjeta de identificación de ${s}. ${ES_LAST4} Si no tiene ninguno de estos números, escriba NINGUNO: es posible que le pidan una identificación la primera vez que vote en una elección federal.`,
  },
  drivers_license_or_ssn_no_none: {
    en: () => `Enter your driver's license number. If you don't have one, enter the last four digits of your Social Security number. NONE is not accepted here: if you have neither, contact the state's election office before you mail this form.`,
    es: () => `Escriba el número de su licencia de conducir. Si no tiene una, escriba los últimos cuatro dígitos de su número de Seguro Social. Aquí no se acepta NINGUNO: si no tiene ninguno de los dos, comuníquese con la oficina electoral del estado antes de enviar este formulario.`,
  },
  georgia: {
    en: (s) => `Enter your ${s} driver's license number or state ID number. ${EN_LAST4} ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir o de su identificación estatal de ${s}. ${ES_LAST4} ${ES_NONE_ASSIGNED}`,
  },
  drivers_license_or_dmv_with_state_name: {
    en: (s) => `Enter your ${s} driver's license number or the ID number issued by the state's motor vehicle office. ${EN_LAST4} ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s} o el número de identificación emitido por la oficina de vehículos motorizados del estado. ${ES_LAST4} ${ES_NONE_ASSIGNED}`,
  },
  illinois: {
    en: (s) => `Enter your ${s} driver's license number or Secretary of State ID card number, or the last four digits of your Social Security number. If you have none of these and are registering for the first time, write NONE and send a copy of ${EN_PROOF} with this form; if you don't, you will be asked for one when you first vote.`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s} o de su tarjeta de identificación de la Secretaría de Estado, o los últimos cuatro dígitos de su número de Seguro Social. Si no tiene ninguno de estos números y se inscribe por primera vez, escriba NINGUNO y envíe con este formulario una copia de ${ES_PROOF}; si no lo hace, se la pedirán la primera vez que vote.`,
  },
  drivers_license_or_other_with_state_name_3: {
    en: (s) => `Enter your current, valid ${s} driver's license number. If you don't have one, enter the last four digits of your Social Security number. ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s}, vigente y válida. Si no tiene una, escriba los últimos cuatro dígitos de su número de Seguro Social. ${ES_NONE_ASSIGNED}`,
  },
  ssn_full_not_required: {
    en: (s) => `Enter your full Social Security number. ${s} asks for it, but you cannot be refused registration for leaving it out: if you don't have one, write NONE.`,
    es: (s) => `Escriba su número de Seguro Social completo. ${s} lo pide, pero no pueden negarle la inscripción por no incluirlo: si no tiene uno, escriba NINGUNO.`,
  },
  louisiana: {
    en: (s) => `Enter your ${s} driver's license number or special ID card number. ${EN_LAST4} If you have none of these, write NONE and attach a copy of ${EN_PROOF}.`,
    es: (s) => `Escriba el número de su licencia de conducir o de su tarjeta de identificación especial de ${s}. ${ES_LAST4} Si no tiene ninguno de estos números, escriba NINGUNO y adjunte una copia de ${ES_PROOF}.`,
  },
  drivers_license_or_ssn_or_none: {
    en: (s) => `Enter your ${s} driver's license number or the last four digits of your Social Security number. If you have neither, write NONE and the state will give you an identifying number.`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s} o los últimos cuatro dígitos de su número de Seguro Social. Si no tiene ni licencia ni número de Seguro Social, escriba NINGUNO y el estado le asignará un número de identificación.`,
  },
  oklahoma: {
    en: (s) => `Enter your valid ${s} driver's license number. If you don't have one, enter the last four digits of your Social Security number. If you have neither, write NONE.`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s}, válida. Si no tiene una, escriba los últimos cuatro dígitos de su número de Seguro Social. Si no tiene ni licencia ni número de Seguro Social, escriba NINGUNO.`,
  },
  driver_license_state_issues_and_ssn: {
    en: (s) => `Enter your ${s} driver's license number and the last four digits of your Social Security number, separated by a space. If you have only one of them, enter that one. ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s} y los últimos cuatro dígitos de su número de Seguro Social, separados por un espacio. Si solo tiene uno de ellos, escriba ese. ${ES_NONE_ASSIGNED}`,
  },
  montana: {
    en: (s) => `Enter your ${s} driver's license or ID number, or the last four digits of your Social Security number. If you have none of these, write NONE and send a copy of a U.S. passport, a ${s} tribal ID, a military ID or a ${s} concealed carry permit; or a photo ID (a school or college photo ID counts) together with a recent utility bill, bank statement, paycheck, government check or other government document showing your name and current address.`,
    es: (s) => `Escriba el número de su licencia de conducir o identificación de ${s}, o los últimos cuatro dígitos de su número de Seguro Social. Si no tiene ninguno de estos números, escriba NINGUNO y envíe una copia de un pasaporte estadounidense, una identificación tribal de ${s}, una identificación militar o un permiso de portación oculta de ${s}; o bien una identificación con foto (sirve la de una escuela o universidad) junto con una factura de servicios reciente, un estado de cuenta bancario, un cheque de pago, un cheque del gobierno u otro documento del gobierno con su nombre y dirección actual.`,
  },
  blank: {
    en: (s) => `${s} does not accept this form, so no ID number is asked for.`,
    es: (s) => `${s} no acepta este formulario, así que no se pide ningún número de identificación.`,
  },
  ssn_full_2: {
    en: (s) => `Enter your full nine-digit Social Security number. If you don't have one, contact the ${s} election office before you mail this form.`,
    es: (s) => `Escriba su número de Seguro Social completo, de nueve dígitos. Si no tiene uno, comuníquese con la oficina electoral de ${s} antes de enviar este formulario.`,
  },
  drivers_license_or_ssn_county_clerk_with_state_name: {
    en: (s) => `Enter your ${s} driver's license number or ${s} ID number. ${EN_LAST4} If you have none of these, contact your county clerk, who will give you an identifying number.`,
    es: (s) => `Escriba el número de su licencia de conducir o de su identificación de ${s}. ${ES_LAST4} Si no tiene ninguno de estos números, comuníquese con el secretario de su condado, que le asignará un número de identificación.`,
  },
  drivers_license_or_other_with_state_name: {
    en: (s) => `Enter your ${s} driver's license number. If you don't have one, enter the last four digits of your Social Security number. ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s}. Si no tiene una, escriba los últimos cuatro dígitos de su número de Seguro Social. ${ES_NONE_ASSIGNED}`,
  },
  south_carolina: {
    en: (s) => `Enter at least the last four digits of your Social Security number. If you don't have one, contact the ${s} election office before you mail this form.`,
    es: (s) => `Escriba por lo menos los últimos cuatro dígitos de su número de Seguro Social. Si no tiene uno, comuníquese con la oficina electoral de ${s} antes de enviar este formulario.`,
  },
  south_dakota: {
    en: (s) => `Enter your valid ${s} driver's license number or ${s} non-driver ID number. ${EN_LAST4} If you have none of these, you can register only in person, at your county auditor's office.`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s}, válida, o de su identificación de no conductor de ${s}. ${ES_LAST4} Si no tiene ninguno de estos números, solo puede inscribirse en persona, en la oficina del auditor de su condado.`,
  },
  wisconsin: {
    en: (s) => `Enter the number of your current, valid ${s} driver's license or state ID card (issued by the Department of Transportation). If your license has expired or was suspended or revoked, enter its number and the last four digits of your Social Security number, separated by a space. If you have no license or ID card, enter the last four digits of your Social Security number. If you have none of these, write NONE.`,
    es: (s) => `Escriba el número de su licencia de conducir o tarjeta de identificación de ${s} (emitida por el Departamento de Transporte), vigente y válida. Si su licencia está vencida, suspendida o revocada, escriba su número y los últimos cuatro dígitos de su número de Seguro Social, separados por un espacio. Si no tiene licencia ni tarjeta de identificación, escriba los últimos cuatro dígitos de su número de Seguro Social. Si no tiene ninguno de estos números, escriba NINGUNO.`,
  },
  dl_or_last_4_or_provided: {
    en: (s) => `Enter your ${s} driver's license number. If you don't have one, enter the last four digits of your Social Security number. ${EN_NONE_ASSIGNED}`,
    es: (s) => `Escriba el número de su licencia de conducir de ${s}. Si no tiene una, escriba los últimos cuatro dígitos de su número de Seguro Social. ${ES_NONE_ASSIGNED}`,
  },
};

export function idRuleText(kind: IdRuleKind, stateName: Localized): Localized {
  const texts = ID_RULE_TEXTS[kind];
  return { en: texts.en(stateName.en), es: texts.es(stateName.es) };
}
