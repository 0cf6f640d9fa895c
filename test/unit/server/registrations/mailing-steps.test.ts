// What to do once the form is filled in (issue 13, item 8): one sequence, from one source, on the
// done page and on page 2 of the PDF; a voter who wrote NONE is told what to copy and enclose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { mailingSteps, type MailingStep } from '../../../../server/registrations/mailing-steps.js';
import { getState, type Lang } from '../../../../server/states/index.js';
import { extractText } from '../../../support/pdf-text.js';
import { binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { VoterSession } from '../../../support/voter-session.js';

const kinds = (steps: MailingStep[]) => steps.map((s) => s.kind);
const stepsFor = (code: string, lang: Lang, idNumber: string | undefined) => mailingSteps(getState(code)!, lang, {}, idNumber);

describe('the steps after the form is filled in', () => {
  it('for a voter who gave a licence number: print, sign, fold into the mailer, stamp, mail by the deadline; nothing to enclose', () => {
    for (const lang of ['en', 'es'] as const) {
      const steps = stepsFor('CA', lang, 'D1234567');
      assert.deepEqual(kinds(steps), ['print', 'sign', 'assemble', 'stamp', 'mail']);
      assert.ok(steps.at(-1)!.body.includes(getState('CA')!.deadline[lang]), 'the mail step gives the state deadline');
      assert.match(steps[2]!.body, lang === 'en' ? /inside page 3|put page 1 inside/ : /ponga la página 1 adentro/);
      assert.match(steps[3]!.body, lang === 'en' ? /one first-class stamp/i : /una estampilla de primera clase/);
    }
  });

  it("for a voter who wrote NONE: a copy of an ID to enclose (never originals), in the state's own terms where it has them", () => {
    const la = stepsFor('LA', 'en', 'NONE');
    assert.deepEqual(kinds(la), ['print', 'sign', 'enclose', 'assemble', 'stamp', 'mail']);
    assert.match(
      la[2]!.body,
      /Louisiana requires a copy of a current, valid photo ID, or of a current utility bill, bank statement, government check, paycheck/,
    );
    assert.match(la[2]!.body, /never the originals/);
    assert.match(la[3]!.body, /page 1 and your copies/);
    const laEs = stepsFor('LA', 'es', 'NINGUNO');
    assert.deepEqual(kinds(laEs), kinds(la));
    assert.match(laEs[2]!.body, /^Usted escribió NINGUNO en la casilla 6, así que Luisiana exige una copia/);
    assert.match(laEs[2]!.body, /nunca los originales/);
    assert.match(
      stepsFor('MT', 'en', 'NONE')[2]!.body,
      /U\.S\. passport, a Montana tribal ID card, a military ID card or a Montana concealed carry permit/,
    );
    // Elsewhere the federal rule: only a first-time registrant, or they show an ID at the polls.
    const il = stepsFor('IL', 'en', 'none')[2]!.body;
    assert.match(il, /If this is the first time you register to vote in Illinois/);
    assert.match(il, /federal law requires you to show one the first time you vote/);
    assert.match(stepsFor('IL', 'es', 'NONE')[2]!.body, /Si es la primera vez que se inscribe para votar en Illinois/);
  });
});

describe('the done page and page 2 of the PDF', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  async function registerInLouisiana(lang: Lang, id: Record<string, string>): Promise<VoterSession> {
    const s = new VoterSession(t.app);
    await s.start(lang);
    await s.complete('eligibility', { usCitizen: 'yes', eighteenByElectionDay: 'yes', zip: '70802', email: 'lou@example.org' }, 'name');
    await s.complete(
      'name',
      { firstName: 'Lou', lastName: 'Broussard', 'dateOfBirth.month': '2', 'dateOfBirth.day': '9', 'dateOfBirth.year': '1984' },
      'addresses',
    );
    await s.complete(
      'addresses',
      {
        'homeAddress.street': '8585 Archives Avenue',
        'homeAddress.city': 'Baton Rouge',
        'homeAddress.state': 'LA',
        'homeAddress.zip': '70802',
      },
      'id',
    );
    await s.complete('id', id, 'party');
    await s.complete('party', { party: 'democratic', race: 'decline' }, 'review');
    await s.complete('review', { attest: 'yes' }, 'done');
    await t.ctx.jobs.runner.drain();
    return s;
  }

  const decode = (html: string) =>
    html
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');

  function doneSteps(html: string): Array<{ title: string; body: string }> {
    const list = /<ol class="usa-process-list" id="mailing-steps">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    return [...list.matchAll(/<h3 class="usa-process-list__heading">([^<]*)<\/h3><p>([^<]*)<\/p>/g)].map((m) => ({
      title: decode(m[1]!),
      body: decode(m[2]!),
    }));
  }

  for (const [lang, id, enclose] of [
    ['en', { idType: 'state_id', stateIdNumber: 'LA1234567' }, false],
    ['en', { idType: 'none' }, true],
    ['es', { idType: 'none' }, true],
  ] as const) {
    it(`show the same steps in the same order (${lang}, ${enclose ? 'wrote NONE' : 'gave a licence number'})`, async () => {
      const s = await registerInLouisiana(lang, id);
      const done = (await s.get('done')).text;
      const onPage = doneSteps(done);
      assert.equal(onPage.length, enclose ? 6 : 5);
      assert.equal(
        onPage.some((step) => /ID|identificación/.test(step.title)),
        enclose,
      );
      const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})" id="download-pdf"/.exec(done)?.[1];
      assert.ok(pdfPath);
      const pdf = await request(t.app).get(pdfPath).buffer(true).parse(binaryBody);
      const page2 = (await extractText(pdf.body as Buffer)).pages[1]!;
      let from = 0;
      onPage.forEach((step, index) => {
        const at = page2.indexOf(`${index + 1}. ${step.title}. ${step.body}`, from);
        assert.ok(at >= from, `step ${index + 1} "${step.title}" on page 2 after step ${index}:\n${page2}`);
        from = at;
      });
    });
  }
});
