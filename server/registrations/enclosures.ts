// What a voter who gave no identifying number in box 6 (wrote NONE) should copy and enclose.
// Federal law (HAVA, 52 U.S.C. 21083(b)(2)(A) and (b)(3)(A)) applies everywhere: someone registering
// by mail for the first time in a state who gives neither a licence nor a Social Security number
// shows an ID the first time they vote, unless they sent a copy with the form; the federal form's
// General Instructions ("First Time Voters Who Register by Mail") say so and add: never originals.
// Two states ask for the copy with the form itself, whether or not it is the first time:
// - LA: the federal form's Louisiana instructions, item 6 (EAC, updated 2019-02-28) and La. R.S.
//   18:104(A)(5): "shall attach" a copy of a current and valid photo ID, or of a current utility
//   bill, bank statement, government check, paycheck or other government document showing name
//   and address.
// - MT: the federal form's Montana instructions, item 6 (EAC, updated 2022-03-15): a U.S.
//   passport, Montana tribal ID, military ID or Montana concealed carry permit; or a photo ID
//   (school or college ID included) together with a current bill or government document showing
//   name and current address.
// Illinois' item 6 restates the federal rule (first-time mail registrants), so it takes the default.
// Checked 2026-12-05 against the EAC state instructions (eac.gov/nvra-print-view) as quoted above.

export type Enclosure = 'federal_first_time' | 'louisiana' | 'montana';

const STATE_ENCLOSURES: Readonly<Record<string, Enclosure>> = { LA: 'louisiana', MT: 'montana' };

/** Which enclosure text applies to a NONE voter in this state. */
export function enclosureFor(stateCode: string): Enclosure {
  return STATE_ENCLOSURES[stateCode] ?? 'federal_first_time';
}
