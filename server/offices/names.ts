// How the two sources' names are compared. The ZIP file names counties as the Census does
// ("Suffolk County", "Alexandria city", "St. Louis city", "Jefferson Parish"); the office file as
// Rocky's editors did ("Suffolk County", "City of Alexandria", "Saint Louis City", "City of
// Abbotsford, Clark County", "Barre Town", "Acme Township, Grand Traverse County"). Both are
// reduced to one key: lower case, no accents or punctuation, "Saint" as "st", an independent city
// as "<name> city", and the county-level word (County, Parish, Borough, …) dropped.

/** Lower case, accents and punctuation removed, "&" as "and", "saint(e)" as "st(e)", single spaces. */
export function norm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bsaint\b/g, 'st')
    .replace(/\bsainte\b/g, 'ste')
    .trim();
}

const COUNTY_WORDS = / (county|parish|borough|census area|municipality|municipio|city and borough)$/;

/** "Suffolk County", "Suffolk" → "suffolk"; "City of Alexandria", "Alexandria city" → "alexandria city". */
export function countyKey(name: string): string {
  let key = norm(name)
    .replace(/^(city and borough|municipality) of /, '')
    .replace(COUNTY_WORDS, '');
  const city = /^city of (.+)$/.exec(key);
  if (city) key = `${city[1]} city`;
  return key;
}

const TOWN_PREFIX = /^(city|town|village|township|plantation) of /;
const TOWN_SUFFIX = / (charter township|township|plantation|city|town|village)$/;

/**
 * The names a postal city may have when it is this town: "Barre City" and "Barre Town" are both
 * "barre" (and their full names), so a ZIP whose city is Barre offers both; "Bay City" is also
 * "bay city".
 */
export function townAliases(name: string): string[] {
  const full = norm(name);
  const bare = full.replace(TOWN_PREFIX, '').replace(TOWN_SUFFIX, '');
  return bare && bare !== full ? [full, bare] : [full];
}
