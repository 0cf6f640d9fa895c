// What the detail page shows of one registration: the answers (the ID number masked), the PDF's
// checksum and, volume by volume, whether that volume holds a good copy right now.
import type { ReplicatedStorage } from '@rollcall/storage';
import type { Address, PersonName } from '../registrations/answers.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';

export type CopyState = 'good' | 'missing' | 'corrupt' | 'unavailable';

export function maskIdNumber(id: string | undefined): string | null {
  if (!id) return null;
  if (/^none$/i.test(id)) return id;
  const visible = id.length > 4 ? 2 : 0;
  return '•'.repeat(Math.max(4, id.length - visible)) + id.slice(id.length - visible);
}

function address(a: Address | undefined): string | null {
  if (!a) return null;
  return [a.street, a.unit, a.city, `${a.state} ${a.zip}`].filter(Boolean).join(', ');
}

function personName(n: Partial<PersonName> | undefined): string | null {
  if (!n) return null;
  return [n.title, n.firstName, n.middleName, n.lastName, n.suffix].filter(Boolean).join(' ') || null;
}

/** [label key, value] pairs; empty answers left out. */
export function answerRows(row: RegistrationRow, idNumber: string | undefined): Array<{ label: string; value: string }> {
  const a = row.status === 'purged' ? {} : parseAnswers(row);
  const pairs: Array<[string, string | null | undefined]> = [
    ['name', personName(a)],
    ['dateOfBirth', a.dateOfBirth],
    ['email', a.email],
    ['phone', a.phone],
    ['homeAddress', address(a.homeAddress)],
    ['mailingAddress', address(a.mailingAddress)],
    ['previousName', personName(a.previousName)],
    ['previousAddress', address(a.previousAddress)],
    ['idNumber', maskIdNumber(idNumber)],
    ['idType', a.idType],
    ['party', a.party],
    ['otherParty', a.otherParty],
    ['race', a.race],
    ['usCitizen', a.usCitizen === undefined ? null : a.usCitizen ? 'yes' : 'no'],
    ['eighteenByElectionDay', a.eighteenByElectionDay === undefined ? null : a.eighteenByElectionDay ? 'yes' : 'no'],
  ];
  return pairs.filter(([, v]) => v).map(([label, value]) => ({ label, value: String(value) }));
}

/** Each volume's copy of one PDF, checked against its sha256 (a read of the copy on each volume). */
export async function copiesOf(
  storage: ReplicatedStorage,
  key: string,
  sha256: string,
): Promise<Array<{ volume: string; state: CopyState }>> {
  const report = await storage.verify(
    {
      async *keys() {
        yield { key, sha256 };
      },
    },
    { repair: false },
  );
  return Object.entries(report.volumes).map(([volume, v]) => ({
    volume,
    state: v.ok > 0 ? 'good' : v.corrupt > 0 ? 'corrupt' : v.missing > 0 ? 'missing' : 'unavailable',
  }));
}
