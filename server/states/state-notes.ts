// Notes a state's voters need beside the form, printed on the end page and on the PDF's
// instructions page. Facts, in our own words, with where they were checked and when. Rocky printed
// notes for these three states (Rocky-OVR states.yml at 1d265759: pdf_instructions "arizona",
// pdf_other_instructions "north_carolina" and "wisconsin"); each was checked again at the source named.
import type { Lang, Localized, StateRules } from './types.js';

export interface StateNote {
  title: Localized;
  body: Localized;
  /** Where the facts came from, and the day they were checked (YYYY-MM-DD). */
  source: string;
  checked: string;
}

export const STATE_NOTES: Readonly<Record<string, StateNote>> = {
  AZ: {
    title: { en: 'Arizona: proof of citizenship', es: 'Arizona: prueba de ciudadanía' },
    body: {
      en:
        'Without proof of U.S. citizenship, Arizona registers you for federal elections only (President ' +
        'and Congress): a "federal-only" ballot. Proof: an Arizona driver license or ID number issued after ' +
        'October 1, 1996 (box 6); a copy of your birth certificate or U.S. passport; your naturalization ' +
        'certificate number; or a tribal enrollment, Bureau of Indian Affairs or tribal treaty card number. ' +
        'Send copies, never originals, or give proof to your county recorder later to get the full ballot.',
      es:
        'Sin prueba de ciudadanía estadounidense, Arizona lo inscribe solo para las elecciones federales ' +
        '(presidente y Congreso): una boleta «solo federal». Sirven como prueba el número de una licencia o ' +
        'identificación de Arizona emitida después del 1 de octubre de 1996 (casilla 6); una copia de su acta ' +
        'de nacimiento o de su pasaporte estadounidense; el número de su certificado de naturalización; o un ' +
        'número de inscripción tribal, de tarjeta de la Oficina de Asuntos Indígenas o de tratado tribal. Envíe ' +
        'copias, nunca originales, o lleve la prueba después al registrador de su condado para recibir la boleta completa.',
    },
    source:
      "Arizona Secretary of State, 'Proof of Citizenship Requirements' (azsos.gov/elections/voters/registering-vote/registration-requirements/proof-citizenship-requirements): " +
      "without proof, a 'federal only' voter; the accepted proofs. Arizona Senate fact sheet for S.1013 (2022): the federal form's Arizona instructions ask for the Arizona license or ID number in box 6. " +
      'Rocky-OVR states.yml pdf_instructions "arizona". The EAC page of the federal form was not reachable on the day.',
    checked: '2026-12-05',
  },
  NC: {
    title: { en: 'North Carolina: choice of party', es: 'Carolina del Norte: elección de partido' },
    body: {
      en:
        "To vote in a party's primary, choose that party in box 7, unless the party lets unaffiliated " +
        'voters take part in its primary. If you leave box 7 empty, or name a party North Carolina does ' +
        'not recognize, you will be registered as unaffiliated.',
      es:
        'Para votar en las primarias de un partido, elija ese partido en la casilla 7, salvo que el partido ' +
        'permita votar en ellas a los electores no afiliados. Si deja la casilla 7 en blanco o escribe un ' +
        'partido que Carolina del Norte no reconoce, quedará inscrito como no afiliado.',
    },
    source:
      "Wilson County (NC) Board of Elections, 'Party Affiliation' (nc-wilsoncounty.civicplus.com/76): no party declared means unaffiliated; " +
      'unaffiliated voters may vote in a party primary if the party allows it. N.C.G.S. 163-82.4 (party affiliation on the form). ' +
      'Rocky-OVR states.yml pdf_other_instructions "north_carolina".',
    checked: '2026-12-05',
  },
  WI: {
    title: { en: 'Wisconsin: proof of residence', es: 'Wisconsin: prueba de domicilio' },
    body: {
      en:
        'Wisconsin needs proof of where you live: send a copy of a document with your name and current ' +
        'home address, such as a current Wisconsin driver license or ID card, a utility bill from the ' +
        'last 90 days, a bank statement, a paycheck or a government document (a lease does not count by ' +
        'mail). With a current Wisconsin driver license or ID card you can instead register online at ' +
        'myvote.wi.gov until 20 days before the election.',
      es:
        'Wisconsin pide una prueba de domicilio: envíe una copia de un documento con su nombre y su domicilio ' +
        'actual, como una licencia de conducir o identificación de Wisconsin vigente, una factura de servicios ' +
        'de los últimos 90 días, un estado de cuenta bancario, un talón de pago o un documento del gobierno ' +
        '(un contrato de alquiler no sirve por correo). Con una licencia o identificación de Wisconsin vigente ' +
        'puede, en cambio, inscribirse en línea en myvote.wi.gov hasta 20 días antes de la elección.',
    },
    source:
      'Wisconsin Voter Registration Application EL-131 and its instructions (copies at fill.io): proof of residence must accompany a mailed application; ' +
      'the accepted documents; a lease does not count by mail. Rocky-OVR states.yml pdf_other_instructions and email_instructions "wisconsin" ' +
      '(myvote.wi.gov up to 20 days before the election with a current Wisconsin license or ID).',
    checked: '2026-12-05',
  },
};

/** The note for someone registering before 18 (the rule's own sentence is the body). */
const PRE_REGISTRATION_TITLE: Localized = { en: 'Registering before you are 18', es: 'Inscribirse antes de los 18 años' };

/**
 * What the end page and the PDF print for this voter, in order: the pre-registration note (only
 * for someone under 18 whom the state's rule let continue), then the state's own note.
 */
export function notesFor(state: StateRules, preRegistering: boolean, lang: Lang): Array<{ title: string; body: string }> {
  const notes: Array<{ title: string; body: string }> = [];
  if (preRegistering && state.under18) notes.push({ title: PRE_REGISTRATION_TITLE[lang], body: state.under18[lang] });
  const note = STATE_NOTES[state.code];
  if (note) notes.push({ title: note.title[lang], body: note.body[lang] });
  return notes;
}
