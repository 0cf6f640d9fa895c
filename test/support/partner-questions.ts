// Helpers for the survey question tests: a form of settings, reading the CSV back, a voter who
// reaches the party step through a partner's link.
import type { TestApp } from './app-fixture.js';
import { californiaVoter } from '../../support/web-voter.js';
import { type VoterSession } from './voter-session.js';
import { startFromLink } from './partners.js';

/** A full settings form (every field the page posts), overridable per field. */
export function settingsForm(fields: Record<string, string> = {}): Record<string, string> {
  return {
    question_1_en: '',
    question_2_en: '',
    question_1_es: '',
    question_2_es: '',
    email_consent_en: '',
    email_consent_es: '',
    sms_consent_en: '',
    sms_consent_es: '',
    ...fields,
  };
}

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF) as objects keyed by the header. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** A voter from the partner's link, in `lang`, with every step before the party step done. */
export async function voterAtParty(
  t: TestApp,
  partnerId: string,
  lang: 'en' | 'es' = 'en',
  name: Record<string, string> = californiaVoter.name,
): Promise<VoterSession> {
  const s = await startFromLink(t, `partner=${partnerId}&lang=${lang}`);
  await s.complete('eligibility', californiaVoter.eligibility, 'name');
  await s.complete('name', name, 'addresses');
  await s.complete('addresses', californiaVoter.addresses, 'id');
  await s.complete('id', californiaVoter.id, 'party');
  return s;
}
