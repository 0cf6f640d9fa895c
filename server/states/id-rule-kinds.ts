// The ID-number rule kinds found in the state data, and whether each lets a voter answer "NONE".
// A kind is a family of state instructions for box 6 of the federal form; see docs/states.md.

export const ID_RULE_KINDS = [
  'drivers_license_or_non_driver_id',
  'drivers_license_current_and_valid',
  'california',
  'drivers_license_or_ssn_no_none',
  'georgia',
  'drivers_license_or_dmv_with_state_name',
  'illinois',
  'drivers_license_or_other_with_state_name_3',
  'ssn_full_not_required',
  'louisiana',
  'drivers_license_or_ssn_or_none',
  'oklahoma',
  'driver_license_state_issues_and_ssn',
  'montana',
  'blank',
  'ssn_full_2',
  'drivers_license_or_ssn_county_clerk_with_state_name',
  'drivers_license_or_other_with_state_name',
  'south_carolina',
  'south_dakota',
  'wisconsin',
  'dl_or_last_4_or_provided',
] as const;

export type IdRuleKind = (typeof ID_RULE_KINDS)[number];

// "NONE" is refused where the state's instruction offers no such way out: it names another route
// (county clerk, county auditor, the election office) or requires the Social Security number.
// 'blank' belongs to the states that refuse the form altogether, so nothing is asked.
const NONE_REFUSED: ReadonlySet<IdRuleKind> = new Set<IdRuleKind>([
  'drivers_license_or_ssn_no_none',
  'ssn_full_2',
  'drivers_license_or_ssn_county_clerk_with_state_name',
  'south_carolina',
  'south_dakota',
  'blank',
]);

export function noneAllowedFor(kind: IdRuleKind): boolean {
  return !NONE_REFUSED.has(kind);
}
