// The voter's own election office: county or town offices from Rocky-OVR's files (see
// docs/election-offices.md), found by ZIP, city and the voter's answer; admins' corrections on top.
export type { Office, OfficeData, OfficeDataAbout } from './types.js';
export { NO_TOWN, type OfficeLookup, type OfficeQuery } from './lookup.js';
export { findOffice, officeData, sourceOffice } from './registry.js';
export { officeLines } from './build-data.js';
