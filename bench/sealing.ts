// npm run bench:sealing — what sealing a voter's personal data at rest (issue 16, ASVS 6.1.1)
// costs each registration, against the work each registration already does: rendering its PDF.
// Per registration, the app seals the answers JSON, the email and the names with their blind
// indexes at each save (a web voter saves six steps), opens them at each read, seals the PDF once
// (blob-cipher) and opens it at each download. Prints CPU µs per operation and the ratio to one
// render, measured in the same run, rounds interleaved (render, sealing, render, …) so a change in
// the machine's load touches both alike. Figures only; nothing here asserts a time. Run it on an
// idle machine.
import crypto from 'node:crypto';
import { loadavg } from 'node:os';
import { renderRegistrationPdf } from '../server/pdf/render.js';
import type { PdfRegistration } from '../server/pdf/types.js';
import { createBlobCipher } from '../server/security/blob-cipher.js';
import { createFieldCipher } from '../server/security/field-cipher.js';
import { californiaVoter } from '../support/pdf-voters.js';

const ROUNDS = 7;
const RENDERS_PER_ROUND = 200;
const SEALS_PER_ROUND = 2000;

const key = crypto.randomBytes(32);
const fields = createFieldCipher(key);
const blobs = createBlobCipher(key);

function voter(i: number): PdfRegistration {
  return { ...californiaVoter, uid: `${californiaVoter.uid.slice(0, -6)}${String(i).padStart(6, '0')}`, lastName: `Garcia ${i % 97}` };
}

/** The answers JSON of a finished web registration (what registration-records seals), about 1 KB. */
const answersJson = JSON.stringify({
  lang: 'en',
  email: 'maria.garcia@example.org',
  firstName: 'Maria',
  middleName: 'Elena',
  lastName: 'Garcia',
  dateOfBirth: '1990-04-28',
  phone: '916-555-0142',
  homeAddress: { street: '1500 11th Street', unit: 'Apt 4', city: 'Sacramento', state: 'CA', zip: '95814' },
  mailingAddress: { street: 'PO Box 2218', city: 'Sacramento', state: 'CA', zip: '95812' },
  previousName: { firstName: 'Maria', lastName: 'Lopez' },
  previousAddress: { street: '88 Elm Avenue', city: 'Fresno', state: 'CA', zip: '93721' },
  usCitizen: true,
  eighteenByElectionDay: true,
  idType: 'licence',
  party: 'democratic',
  race: 'hispanic',
  attest: true,
  optIns: { email: true, sms: false },
});

/** CPU µs per call of `fn`, over `count` calls. */
function cpuMicros(count: number, fn: (i: number) => void): number {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) fn(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function main(): void {
  console.log(`bench:sealing — ${ROUNDS} interleaved rounds; load average at start ${loadavg()[0]!.toFixed(2)}\n`);
  const pdf = renderRegistrationPdf(californiaVoter);
  const sealedPdf = blobs.seal(pdf);
  const sealedAnswers = fields.encrypt(answersJson);
  const sealedShort = ['maria.garcia@example.org', 'Maria', 'Garcia'].map((v) => fields.encrypt(v));
  console.log(
    `PDF ${(pdf.length / 1024).toFixed(1)} KiB (sealed ${(sealedPdf.length / 1024).toFixed(1)} KiB); answers JSON ${answersJson.length} B (sealed ${sealedAnswers.length} B)\n`,
  );

  const operations: Record<string, (i: number) => void> = {
    'save: seal answers + email + 2 names, 3 blind indexes': (i) => {
      fields.encrypt(answersJson);
      for (const v of ['maria.garcia@example.org', 'Maria', `Garcia ${i % 97}`]) {
        fields.encrypt(v);
        fields.blindIndex(v);
      }
    },
    'read: open answers + email + 2 names': () => {
      fields.decrypt(sealedAnswers);
      for (const v of sealedShort) fields.decrypt(v);
    },
    'render job: seal the PDF': () => blobs.seal(pdf),
    'download: open the PDF': () => blobs.open(sealedPdf),
  };
  // warm the JIT for both sides
  for (let i = 0; i < 30; i++) renderRegistrationPdf(voter(i));
  for (const op of Object.values(operations)) cpuMicros(200, op);

  const render: number[] = [];
  const samples = new Map<string, number[]>(Object.keys(operations).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    render.push(cpuMicros(RENDERS_PER_ROUND, (i) => renderRegistrationPdf(voter(i))));
    for (const [name, op] of Object.entries(operations)) samples.get(name)!.push(cpuMicros(SEALS_PER_ROUND, op));
  }
  const renderUs = median(render);
  console.log(`${'operation'.padEnd(56)} CPU µs   vs one render`);
  console.log(`${'baseline: render one PDF (in-thread)'.padEnd(56)} ${renderUs.toFixed(0).padStart(6)}   1.000`);
  for (const [name, values] of samples) {
    const us = median(values);
    console.log(`${name.padEnd(56)} ${us.toFixed(1).padStart(6)}   ${(us / renderUs).toFixed(3)}`);
  }
  // A web registration: six saves, about twelve reads of its row, one PDF sealed, two downloads.
  const m = (name: string) => median(samples.get(name)!);
  const perRegistration =
    6 * m('save: seal answers + email + 2 names, 3 blind indexes') +
    12 * m('read: open answers + email + 2 names') +
    m('render job: seal the PDF') +
    2 * m('download: open the PDF');
  console.log(
    `\none web registration (6 saves, ~12 reads, 1 PDF sealed, 2 downloads): ${perRegistration.toFixed(0)} µs of CPU, ${((100 * perRegistration) / renderUs).toFixed(1)} % of its render`,
  );
}

main();
