// The loaded office data: read once, when this module is first imported (at boot), then answered
// from memory. Built by bin/build-election-offices.ts from data/source/ (see build-data.ts).
import fs from 'node:fs';
import { OFFICE_DATA_FILE } from './files.js';
import { lookupOffice, type OfficeLookup, type OfficeQuery } from './lookup.js';
import type { Office, OfficeData } from './types.js';

const data = JSON.parse(fs.readFileSync(OFFICE_DATA_FILE, 'utf8')) as OfficeData;
const byKey = new Map(data.offices.map((o) => [o.key, o]));

export function officeData(): OfficeData {
  return data;
}

/** The office the data has under this key ("NY:Suffolk County"), before any correction. */
export function sourceOffice(key: string): Office | undefined {
  return byKey.get(key);
}

export function findOffice(query: OfficeQuery): OfficeLookup {
  return lookupOffice(data, query);
}
