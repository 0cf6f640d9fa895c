// The partner's registrants as CSV: one row per registration in the range, streamed in keyset
// pages of 500 (constant memory, any size), waiting for the socket to drain. No ID numbers (they
// are sealed in their own column and never read here). Cells that a spreadsheet would run as a
// formula (= + - @ tab CR) are prefixed with a quote. Survey answers and opt-ins come with the
// exact texts the voter was shown (recorded copies, not the partner's current settings).
import type { Response } from 'express';
import type { Answers } from '../registrations/answers.js';
import type { SurveyRecords, SurveyRecord } from '../registrations/survey-records.js';
import type { PartnerReports, Range } from './partner-reports.js';
import { partnerMaySeeAnswers } from './partner-access.js';

const PAGE = 500;

export const CSV_COLUMNS = [
  'registration_id',
  'created_at',
  'status',
  'submitted_at',
  'language',
  'source',
  'tracking',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'first_name',
  'last_name',
  'email',
  'phone',
  'state',
  'zip',
  'city',
  'party',
  'survey_1_question',
  'survey_1_answer',
  'survey_2_question',
  'survey_2_answer',
  'email_optin',
  'email_optin_text',
  'email_optin_at',
  'sms_optin',
  'sms_optin_text',
  'sms_optin_phone',
  'sms_optin_at',
  // Rocky's "Finish with State": the voter followed the link to the state's online registration.
  // At the end, so a partner's existing column positions do not move.
  'finished_with_state',
  'finished_with_state_at',
  // The party's name a voter wrote in when `party` is "other" (box 7 prints it); empty otherwise.
  'party_other',
] as const;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (t: number | null) => (t ? new Date(Number(t)).toISOString() : '');

/** The survey columns of one registration: empty where nothing was shown or answered; an opt-in shown and left unticked is "no". */
export function surveyCells(records: SurveyRecord[] = []): unknown[] {
  const at = (item: SurveyRecord['item']) => records.find((r) => r.item === item);
  const question = (item: SurveyRecord['item']) => [at(item)?.prompt, at(item)?.answer];
  const optin = (item: SurveyRecord['item']) => {
    const r = at(item);
    return r ? [r.ticked ? 'yes' : 'no', r.prompt] : ['', ''];
  };
  const sms = at('sms_optin');
  return [
    ...question('question_1'),
    ...question('question_2'),
    ...optin('email_optin'),
    iso(at('email_optin')?.recorded_at ?? null),
    ...optin('sms_optin'),
    sms?.phone,
    iso(sms?.recorded_at ?? null),
  ];
}

export async function streamCsv(
  res: Response,
  { reports, surveys }: { reports: PartnerReports; surveys: SurveyRecords },
  partnerId: string,
  range: Range,
): Promise<void> {
  res.status(200).type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="registrations-${new Date(range.from).toISOString().slice(0, 10)}.csv"`);
  const write = (line: string) => (res.write(line) ? Promise.resolve() : new Promise<void>((resolve) => res.once('drain', resolve)));
  await write(CSV_COLUMNS.map(csvCell).join(',') + '\r\n');
  let after = 0;
  for (;;) {
    const rows = await reports.exportPage(partnerId, range, after, PAGE);
    if (rows.length === 0) break;
    const survey = await surveys.forRegistrations(rows.map((r) => r.id));
    let chunk = '';
    for (const r of rows) {
      // Not sent: listed for the count and its attribution, no answers (partner-access.ts).
      const sent = partnerMaySeeAnswers(r);
      const a = sent ? (JSON.parse(r.answers) as Answers) : {};
      const utm = r.utm ? (JSON.parse(r.utm) as Record<string, string>) : {};
      const cells = [
        r.uid,
        iso(r.created_at),
        r.status,
        iso(r.submitted_at),
        r.lang,
        r.source,
        r.tracking,
        utm.utm_source,
        utm.utm_medium,
        utm.utm_campaign,
        utm.utm_term,
        utm.utm_content,
        a.firstName,
        a.lastName,
        a.email,
        a.phone,
        r.state_code,
        a.homeAddress?.zip ?? a.zip,
        a.homeAddress?.city,
        a.party,
        ...surveyCells(sent ? survey.get(r.id) : []),
        r.finished_with_state_at ? 'yes' : 'no',
        iso(r.finished_with_state_at),
        a.otherParty,
      ];
      chunk += cells.map(csvCell).join(',') + '\r\n';
    }
    await write(chunk);
    after = rows[rows.length - 1]!.id;
    if (res.destroyed) return;
  }
  res.end();
}
