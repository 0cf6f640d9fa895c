// The shapes of the election-office data (data/election-offices.json, built by build-data.ts).

/** One county or town election office, as the app prints it. */
export interface Office {
  /** "<ST>:<name as the source spells it>", e.g. "NY:Suffolk County": stable across rebuilds; admins' corrections are keyed by it. */
  key: string;
  state: string;
  /** The jurisdiction, for people: "Suffolk County", "City of Abbotsford" (WI/MI: the county apart). */
  name: string;
  /** WI and MI towns: the county the source names with the town. */
  county?: string;
  level: 'county' | 'town';
  /** "Board of Elections", "Town Clerk". */
  addressee: string;
  /** One or two delivery lines ("Courthouse", "PO BOX 150"). */
  street: string[];
  city: string;
  zip: string;
  phone?: string;
}

/** Where the two files came from, and when they last changed there. */
export interface OfficeDataAbout {
  zipCodes: { source: string; changed: string; rows: number };
  offices: { source: string; changed: string; rows: number };
  built: string;
}

export interface OfficeData {
  about: OfficeDataAbout;
  offices: Office[];
  /** ZIP → the offices that may serve it (indexes into `offices`): one decides, several ask the voter. */
  zips: Record<string, number[]>;
  /** Town offices' matchable names (indexes into `offices`), for the voter's city. */
  aliases: Record<number, string[]>;
}
