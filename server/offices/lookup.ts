// ZIP (+ the voter's city, + the voter's answer to "which town do you live in?") → the office.
import { norm } from './names.js';
import type { Office, OfficeData } from './types.js';

/** The voter's answer when none of the offered towns is theirs: the state office. */
export const NO_TOWN = 'none';

export interface OfficeQuery {
  /** The registration's state (two letters). */
  state: string;
  /** The home address's ZIP (12345 or 12345-6789). */
  zip: string;
  /** The home address's city, as the voter typed it. */
  city?: string;
  /** The voter's answer to the town question: an office key, or NO_TOWN. */
  choice?: string;
}

export type OfficeLookup =
  | { kind: 'office'; office: Office; decidedBy: 'zip' | 'city' | 'choice' }
  /** The ZIP spans towns with different offices and neither the city nor an answer decides. */
  | { kind: 'question'; candidates: Office[] }
  /** No county or town office for this ZIP (or the voter said none of the towns): the state's office. */
  | { kind: 'state' };

export function lookupOffice(data: OfficeData, query: OfficeQuery): OfficeLookup {
  const zip = /^(\d{5})(?:-?\d{4})?$/.exec(query.zip.trim())?.[1];
  const candidates = (zip ? (data.zips[zip] ?? []) : [])
    .map((index) => ({ index, office: data.offices[index]! }))
    // A ZIP typed for another state than the registration's says nothing about this state's offices.
    .filter(({ office }) => office.state === query.state.toUpperCase());
  if (candidates.length === 0) return { kind: 'state' };
  if (candidates.length === 1) return { kind: 'office', office: candidates[0]!.office, decidedBy: 'zip' };
  if (query.choice === NO_TOWN) return { kind: 'state' };
  const chosen = candidates.find(({ office }) => office.key === query.choice);
  if (chosen) return { kind: 'office', office: chosen.office, decidedBy: 'choice' };
  const city = query.city ? norm(query.city) : '';
  const byCity = city ? candidates.filter(({ index }) => data.aliases[index]?.includes(city)) : [];
  if (byCity.length === 1) return { kind: 'office', office: byCity[0]!.office, decidedBy: 'city' };
  return { kind: 'question', candidates: candidates.map(({ office }) => office) };
}
