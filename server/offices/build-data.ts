// Builds data/election-offices.json from the two Rocky-OVR files in data/source/ (run
// `node dist/bin/build-election-offices.js`; a test checks the checked-in JSON is what this builds).
// The rules (docs/election-offices.md):
// - An office is one name in the office file, per state. Its rows are the same office at several
//   addresses, or several offices of one place: the row kept is the local registration office
//   (Alabama's Board of Registrars, not its Absentee Election Manager; Rhode Island's Board of
//   Canvassers, not the state Board of Elections listed under every town), then the PO box row
//   over a street row, then the first in the file. A PO box is where the Postal Service delivers
//   the office's mail by definition; a street address may be a building the clerk works in that
//   takes no mail (a courthouse, a town hall open two days a week), and nothing in the data says which.
// - Town states (New England, Michigan, Wisconsin) register voters by town: a ZIP is matched to
//   the towns named by its primary and acceptable cities (in WI and MI within the ZIP's county
//   where the town is found there); several distinct addresses make a question for the voter.
//   Where no town matches, the county office serves when the file has one (Michigan's county clerks).
// - Every other state registers voters by county (parish, borough, independent city): the ZIP's
//   county is matched by countyKey.
import { parseCsv } from './csv.js';
import { countyKey, norm, townAliases } from './names.js';
import type { Office, OfficeData, OfficeDataAbout } from './types.js';

export const TOWN_STATES: ReadonlySet<string> = new Set(['CT', 'MA', 'ME', 'NH', 'RI', 'VT', 'MI', 'WI']);

export const SOURCES = {
  zipCodes: {
    source: 'Rocky-OVR (github.com/rockthevote/rocky) data/zip_codes/zip_code_database.csv, via shared/data/zip-county.csv',
    changed: '2024-05-08',
  },
  offices: {
    source: 'Rocky-OVR (github.com/rockthevote/rocky) data/zip_codes/county_addresses.csv, via shared/data/election-offices.csv',
    changed: '2020-08-07',
  },
};

const PO_BOX = /\b(p\.?\s*o\.?\s*)?(box|drawer)\s+\w/i;
const NOT_AN_OFFICE = /absentee|overseas/i;
const REGISTRATION_OFFICE = /regist|canvass/i;
const BALLOT_OFFICE = /absentee|vbm|vote by mail|petition/i;

/**
 * Offices the source names otherwise than the ZIP file's county, by their county key. New York
 * City's five boroughs are five counties; Alabama's Jefferson County has two registration
 * divisions (Bessemer, Birmingham), so its ZIPs ask the voter.
 */
const COUNTY_OF: Record<string, string> = {
  'NY:New York City: Manhattan': 'new york',
  'NY:New York City: Brooklyn': 'kings',
  'NY:New York City: Queens': 'queens',
  'NY:New York City: The Bronx': 'bronx',
  'NY:New York City: Staten Island': 'richmond',
  'HI:Honolulu, City and County': 'honolulu',
  'PA:City of Philadelphia': 'philadelphia',
  'AL:Jefferson County, Bessemer Division': 'jefferson',
  'AL:Jefferson County, Birmingham Division': 'jefferson',
};

/** Which of one office's rows is printed (see the header). */
function rowScore(row: SourceRow): number {
  const to = row['ADDRESS TO'] ?? '';
  const street = `${row['STREET 1']} ${row['STREET 2']}`;
  return (BALLOT_OFFICE.test(to) ? -4 : 0) + (REGISTRATION_OFFICE.test(to) ? 2 : 0) + (PO_BOX.test(street) ? 1 : 0);
}

type SourceRow = Record<string, string>;

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s,/g, ',').trim();
}

/** WI "City of Abbotsford, Clark County" and MI "Acme Township, Grand Traverse County": the town and its county. */
function splitTownCounty(name: string): { town: string; county?: string } {
  const match = /^(.+?),\s*(.+ County)$/.exec(name);
  return match ? { town: match[1]!, county: match[2]! } : { town: name };
}

function isCountyName(name: string): boolean {
  return / (County|Parish)$/.test(name) && !name.includes(',');
}

function toOffice(state: string, name: string, row: SourceRow, town: boolean): Office {
  const { town: townName, county } = town ? splitTownCounty(name) : { town: name, county: undefined };
  const street = [clean(row['STREET 1'] ?? ''), clean(row['STREET 2'] ?? '')].filter(Boolean);
  const phone = clean(row.PHONE ?? '');
  return {
    key: `${state}:${name}`,
    state,
    name: clean(townName),
    ...(county ? { county } : {}),
    level: town ? 'town' : 'county',
    addressee: clean(row['ADDRESS TO'] ?? ''),
    street,
    city: clean(row.CITY ?? ''),
    zip: clean(row.ZIP ?? ''),
    ...(phone ? { phone } : {}),
  };
}

/** The address printed for an office, one line each; the jurisdiction's name first unless the addressee already says it. */
export function officeLines(office: Pick<Office, 'name' | 'addressee' | 'street' | 'city' | 'state' | 'zip'>): string[] {
  const core = norm(office.name)
    .replace(/^(city|town|village) of /, '')
    .replace(/ (county|parish|township|charter township|city|town|village|plantation)$/, '');
  const named = norm(office.addressee).includes(core);
  return [
    ...(named ? [] : [office.name]),
    ...(office.addressee ? [office.addressee] : []),
    ...office.street,
    `${office.city}, ${office.state} ${office.zip}`,
  ];
}

const addressOf = (o: Office) => [o.addressee, ...o.street, o.city, o.zip].map(norm).join('|');

export function buildOfficeData(zipCsv: string, officesCsv: string, built: string): OfficeData {
  const zipRows = parseCsv(zipCsv);
  const officeRows = parseCsv(officesCsv);

  // One office per (state, name): the PO box row if any, else the first.
  const grouped = new Map<string, SourceRow[]>();
  for (const row of officeRows) {
    const name = clean(row.COUNTY ?? '');
    if (!name || NOT_AN_OFFICE.test(name)) continue;
    const key = `${row.STATE}:${name}`;
    grouped.set(key, [...(grouped.get(key) ?? []), row]);
  }
  const offices: Office[] = [];
  const aliases: Record<number, string[]> = {};
  const countyIndex = new Map<string, number[]>(); // "ST|countykey" → offices
  const townIndex = new Map<string, number[]>(); // "ST|alias" → offices
  for (const [key, rows] of grouped) {
    const state = key.slice(0, 2);
    const name = key.slice(3);
    // The highest score, the first in the file among equals.
    const chosen = rows.reduce((best, row) => (rowScore(row) > rowScore(best) ? row : best));
    const town = TOWN_STATES.has(state) && !isCountyName(name);
    const office = toOffice(state, name, chosen, town);
    const index = offices.push(office) - 1;
    if (town) {
      aliases[index] = townAliases(office.name);
      for (const alias of aliases[index]) townIndex.set(`${state}|${alias}`, [...(townIndex.get(`${state}|${alias}`) ?? []), index]);
    } else {
      const county = `${state}|${COUNTY_OF[key] ?? countyKey(name)}`;
      countyIndex.set(county, [...(countyIndex.get(county) ?? []), index]);
    }
  }

  const zips: Record<string, number[]> = {};
  for (const z of zipRows) {
    const state = z.state ?? '';
    const county = z.county ? countyIndex.get(`${state}|${countyKey(z.county)}`) : undefined;
    let candidates: number[] = [];
    if (TOWN_STATES.has(state)) {
      const cities = [z.primary_city ?? '', ...(z.acceptable_cities ?? '').split(',')].map(norm).filter(Boolean);
      const found = [...new Set(cities.flatMap((city) => townIndex.get(`${state}|${city}`) ?? []))];
      // WI and MI name a town with its county; a town of the same name elsewhere in the state is another town.
      const zipCounty = z.county ? countyKey(z.county) : '';
      const inCounty = found.filter((i) => offices[i]!.county && countyKey(offices[i]!.county!) === zipCounty);
      const towns = inCounty.length > 0 ? inCounty : found.filter((i) => !offices[i]!.county);
      // The same address twice (a city in two counties, one clerk) is one choice.
      const seen = new Set<string>();
      candidates = towns.filter((i) => !seen.has(addressOf(offices[i]!)) && seen.add(addressOf(offices[i]!)));
    }
    if (candidates.length === 0 && county) candidates = county;
    if (candidates.length > 0) zips[z.zip!] = candidates;
  }

  const about: OfficeDataAbout = {
    zipCodes: { ...SOURCES.zipCodes, rows: zipRows.length },
    offices: { ...SOURCES.offices, rows: officeRows.length },
    built,
  };
  return { about, offices, zips, aliases };
}
