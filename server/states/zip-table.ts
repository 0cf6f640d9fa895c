// ZIP code → jurisdiction, from two tables: exact 5-digit ZIPs, then 3-digit prefixes.
import fs from 'node:fs';

/**
 * - `state`: one of the 51 jurisdictions Rollcall serves.
 * - `not_served`: a real ZIP of a US territory (PR, GU, VI, AS, MP, FM, MH, PW) or of military
 *   mail (AA, AE, AP). Their voters use other forms; Rollcall does not serve them.
 * - `unknown`: not a ZIP in either table, or not shaped like a ZIP.
 */
export type ZipLookup = { kind: 'state'; code: string } | { kind: 'not_served'; code: string } | { kind: 'unknown' };

export interface ZipTables {
  zip5: ReadonlyMap<string, string>;
  zip3: ReadonlyMap<string, string>;
}

/** Reads "digits,CODE" lines; a malformed line stops the boot, naming the file and line. */
export function readZipTable(file: string, digits: 3 | 5): Map<string, string> {
  const pattern = new RegExp(`^(\\d{${digits}}),([A-Z]{2})$`);
  const table = new Map<string, string>();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '') return;
      const match = pattern.exec(line);
      if (!match) throw new Error(`${file}:${index + 1}: expected "${'0'.repeat(digits)},XX", got ${JSON.stringify(line)}`);
      table.set(match[1]!, match[2]!);
    });
  return table;
}

/** Accepts "12345", "12345-6789" or "123456789" (surrounding spaces ignored). */
export function lookupZip(tables: ZipTables, servedCodes: ReadonlySet<string>, zip: string): ZipLookup {
  const match = /^(\d{5})(?:-?\d{4})?$/.exec(zip.trim());
  if (!match) return { kind: 'unknown' };
  const zip5 = match[1]!;
  // An exact hit wins, even over a served prefix: 96799 is American Samoa inside Hawaii's 967.
  const code = tables.zip5.get(zip5) ?? tables.zip3.get(zip5.slice(0, 3));
  if (!code) return { kind: 'unknown' };
  return servedCodes.has(code) ? { kind: 'state', code } : { kind: 'not_served', code };
}
