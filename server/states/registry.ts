// The loaded rules: read and validated once, when this module is first imported (so at boot),
// then answered from maps.
import { projectPath } from '../project-root.js';
import { readStatesFile } from './load-states.js';
import type { StateRules } from './types.js';
import { lookupZip, readZipTable, type ZipLookup } from './zip-table.js';

const dataDir = (file: string) => projectPath('server', 'states', 'data', file);

const byName = readStatesFile(dataDir('states.json')).sort((a, b) => a.name.localeCompare(b.name, 'en'));
const byCode = new Map(byName.map((state) => [state.code, state]));
const zipTables = { zip5: readZipTable(dataDir('zip5-state.csv'), 5), zip3: readZipTable(dataDir('zip3-state.csv'), 3) };
const servedCodes: ReadonlySet<string> = new Set(byCode.keys());

/** All 51 jurisdictions, sorted by English name. A new array each call; the entries are frozen. */
export function listStates(): StateRules[] {
  return [...byName];
}

/** By two-letter code, any case ("ny", "NY"); undefined for anything else. */
export function getState(code: string): StateRules | undefined {
  return byCode.get(code.trim().toUpperCase());
}

/** The jurisdiction code for a ZIP, or undefined (unknown ZIP, territory, military mail). */
export function stateForZip(zip: string): string | undefined {
  const found = lookupZipCode(zip);
  return found.kind === 'state' ? found.code : undefined;
}

/** Like stateForZip, but tells an unknown ZIP from a territory's or military ZIP. */
export function lookupZipCode(zip: string): ZipLookup {
  return lookupZip(zipTables, servedCodes, zip);
}
