// The voter's answers and the state's facts are in the PDF, on the page where they belong,
// in the registration's language (checked by extracting the text, as a reader would).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import type { PdfRegistration } from '../../../../server/pdf/types.js';
import { californiaVoter, texasVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';

function assertContains(text: string, expected: readonly string[], where: string): void {
  for (const value of expected) assert.ok(text.includes(value), `${where} should contain ${JSON.stringify(value)}:\n${text}`);
}

describe('PDF text, English (California)', async () => {
  const { pages, info } = await extractText(renderRegistrationPdf(californiaVoter));

  it('has the application, the instructions and the mailer pages', () => {
    assert.equal(pages.length, 3);
  });

  it('prints the federal form on page 1 with the voter answers', () => {
    const [page1 = ''] = pages;
    assertContains(
      page1,
      [
        'Voter Registration Application',
        'This space for office use only.',
        'Last Name',
        'Please sign full name (or put mark)',
        'Mail this application to the address provided for your State.',
      ],
      'page 1',
    );
    assertContains(
      page1,
      ['Whitfield', 'Margaret', 'Anne', '2417 Capitol Avenue', 'Apt 3B', 'Sacramento', '95816', '(916) 555-0142', 'D4821937', 'Democratic'],
      'page 1',
    );
    assertContains(page1, ['03', '14', '1988'], 'page 1 date of birth');
    assertContains(page1, ['Okafor', '88 Lakeshore Drive', 'Oakland', '94610'], 'page 1 sections A and B');
    assertContains(page1, [californiaVoter.uid], 'page 1 office-use area');
  });

  it('prints the state instructions on page 2', () => {
    const page2 = pages[1] ?? '';
    assertContains(
      page2,
      ['California', 'Secretary of State', 'Elections Division', '1500 11th Street 5th Floor', 'Sacramento, CA 95814'],
      'page 2',
    );
    assertContains(
      page2,
      [californiaVoter.nextSteps.at(-1)!.body, '(800) 345-8683', 'https://www.sos.ca.gov/elections', 'What to do next'],
      'page 2',
    );
    assert.ok(!page2.includes('Whitfield'), 'the voter answers are not repeated on the instructions page');
  });

  it('addresses the mailer page to the election office', () => {
    assertContains(
      pages[2] ?? '',
      ['FOR OFFICIAL USE ONLY', 'Secretary of State', '1500 11th Street 5th Floor', 'Sacramento, CA 95814'],
      'page 3',
    );
  });

  it('carries the title and language in the metadata', () => {
    assert.equal(info.Title, 'National Mail Voter Registration Form');
    assert.equal(info.Language, 'en');
  });
});

describe('PDF text, Spanish (Texas)', async () => {
  const { pages } = await extractText(renderRegistrationPdf(texasVoter));

  it('prints the Spanish form with accented answers intact', () => {
    const page1 = pages[0] ?? '';
    assertContains(
      page1,
      [
        'Solicitud de Inscripción de Votante',
        'Este espacio sólo para uso de la oficina.',
        'Apellido',
        'Envíe esta solicitud a la dirección provista por su estado.',
      ],
      'page 1',
    );
    assertContains(
      page1,
      ['Peña Ibáñez', 'María José', 'Inés', '1104 Calle Año Nuevo', 'Apartado Postal 4471', '78285', 'Hispano'],
      'page 1',
    );
    assert.ok(!page1.includes('Voter Registration Application'), 'no English title on the Spanish form');
  });

  it('gives the instructions in Spanish with the Texas office', () => {
    const page2 = pages[1] ?? '';
    assertContains(
      page2,
      ['Qué hacer ahora', 'P.O. Box 12060', 'Austin, TX 78711-2060', texasVoter.nextSteps.at(-1)!.body, texasVoter.state.idRule],
      'page 2',
    );
  });

  it('addresses the mailer to the Texas office', () => {
    assertContains(pages[2] ?? '', ['Austin, TX 78711-2060', 'Peña Ibáñez'], 'page 3');
  });

  it('uses the mailing address, not the home address, as the return address', () => {
    assertContains(pages[2] ?? '', ['Apartado Postal 4471', 'San Antonio, TX 78285'], 'page 3');
    assert.ok(!(pages[2] ?? '').includes('1104 Calle Año Nuevo'));
  });
});

describe('PDF text, optional parts', () => {
  it('leaves the mailing address, previous name and address out when the voter gave none', async () => {
    const minimal: PdfRegistration = {
      ...californiaVoter,
      mailingAddress: undefined,
      previousName: undefined,
      previousAddress: undefined,
      phone: undefined,
      middleName: undefined,
    };
    const [page1 = ''] = (await extractText(renderRegistrationPdf(minimal))).pages;
    for (const absent of ['Okafor', 'Lakeshore', '555-0142']) assert.ok(!page1.includes(absent), `${absent} should not be printed`);
    assertContains(page1, ['Whitfield', '2417 Capitol Avenue'], 'page 1');
  });

  it('prints a five-line office address in full on the mailer', async () => {
    const massachusetts: PdfRegistration = {
      ...californiaVoter,
      state: { ...californiaVoter.state, code: 'MA', name: 'Massachusetts' },
      office: {
        lines: [
          'Secretary of the Commonwealth',
          'Elections Division',
          'McCormack Building',
          'One Ashburton Place, Room 1705',
          'Boston, MA 02108',
        ],
      },
    };
    const { pages } = await extractText(renderRegistrationPdf(massachusetts));
    assertContains(
      pages[2] ?? '',
      ['Secretary of the Commonwealth', 'McCormack Building', 'One Ashburton Place, Room 1705', 'Boston, MA 02108'],
      'page 3',
    );
  });
});
