// Fills bench/rocky-form/form.html with one registration, as Rocky filled its HTML templates.
import { readFileSync } from 'node:fs';
import type { PdfRegistration } from '../../server/pdf/types.js';

// Compiled to dist/bench/rocky-form/; the template stays in the source tree.
const TEMPLATE_URL = new URL('../../../bench/rocky-form/form.html', import.meta.url);

export function loadRockyTemplate(): string {
  return readFileSync(TEMPLATE_URL, 'utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function fillRockyForm(template: string, reg: PdfRegistration): string {
  const [year = '', month = '', day = ''] = reg.dateOfBirth.split('-');
  const tick = (on: boolean) => (on ? 'X' : '');
  const values: Record<string, string> = {
    lang: reg.lang,
    uid: reg.uid,
    citizenYes: tick(reg.usCitizen),
    citizenNo: tick(!reg.usCitizen),
    ageYes: tick(reg.eighteenByElectionDay),
    ageNo: tick(!reg.eighteenByElectionDay),
    title: reg.title ?? '',
    firstName: reg.firstName,
    middleName: reg.middleName ?? '',
    lastName: reg.lastName,
    suffix: reg.suffix ?? '',
    homeStreet: reg.homeAddress.street,
    homeUnit: reg.homeAddress.unit ?? '',
    homeCity: reg.homeAddress.city,
    homeState: reg.homeAddress.state,
    homeZip: reg.homeAddress.zip,
    mailStreet: reg.mailingAddress?.street ?? '',
    mailCity: reg.mailingAddress?.city ?? '',
    mailState: reg.mailingAddress?.state ?? '',
    mailZip: reg.mailingAddress?.zip ?? '',
    dobMonth: month,
    dobDay: day,
    dobYear: year,
    phone: reg.phone ?? '',
    idNumber: reg.idNumber,
    party: reg.party,
    race: reg.race,
    prevLastName: reg.previousName?.lastName ?? '',
    prevFirstName: reg.previousName?.firstName ?? '',
    prevMiddleName: reg.previousName?.middleName ?? '',
    prevStreet: reg.previousAddress?.street ?? '',
    prevUnit: reg.previousAddress?.unit ?? '',
    prevCity: reg.previousAddress?.city ?? '',
    prevState: reg.previousAddress?.state ?? '',
    prevZip: reg.previousAddress?.zip ?? '',
    stateName: reg.state.name,
    deadline: reg.state.deadline,
    idRule: reg.state.idRule,
    partyRule: reg.state.partyRule,
    raceRule: reg.state.raceRule,
    eligibility: reg.state.eligibility,
    officePhone: reg.office.phone ?? '',
    officeUrl: reg.office.url ?? '',
    submittedDate: reg.submittedAt.slice(0, 10),
    voterName: [reg.firstName, reg.middleName, reg.lastName, reg.suffix].filter(Boolean).join(' '),
  };
  const html = template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (key === 'officeAddressHtml') return reg.office.lines.map(escapeHtml).join('<br>');
    if (key === 'officeAddressLines') return reg.office.lines.map((line) => `<div>${escapeHtml(line)}</div>`).join('');
    const value = values[key];
    return value === undefined ? whole : escapeHtml(value);
  });
  return html;
}
