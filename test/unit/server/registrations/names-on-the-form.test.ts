// Names in Latin letters beyond Latin-1 go through both front doors (API and web form), are
// printed, and read back from the PDF; a character no font of the PDF prints is refused, named,
// in the voter's language; "I prefer not to say" leaves box 8 blank.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { extractText } from '../../../support/pdf-text.js';
import { apiBody, binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { VoterSession } from '../../../support/voter-session.js';

const NAMES = [
  { firstName: 'Łukasz', lastName: 'Wałęsa' },
  { firstName: 'Thị Hoa', lastName: 'Nguyễn' },
  { firstName: 'Ayşe', lastName: 'Şahin' },
  { firstName: 'Văn', lastName: 'Đặng' },
  { firstName: 'Ǧorǧ', lastName: 'Dvořák' },
];

describe('names on the form', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await makeTestApp();
    key = (await t.ctx.partners.store.create('League of Voters', null)).apiKey;
  });
  after(() => t.close());

  async function pdfText(pdfPath: string): Promise<string[]> {
    const pdf = await request(t.app).get(pdfPath).buffer(true).parse(binaryBody);
    assert.equal(pdf.status, 200);
    return (await extractText(pdf.body as Buffer)).pages;
  }

  async function viaApi(body: Record<string, unknown>): Promise<string[]> {
    const created = await request(t.app)
      .post('/api/v1/registrations')
      .set({ Authorization: `Bearer ${key}` })
      .send(body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await t.ctx.jobs.runner.drain();
    const status = await request(t.app)
      .get(`/api/v1/registrations/${created.body.id}`)
      .set({ Authorization: `Bearer ${key}` });
    return pdfText(new URL(status.body.pdfUrl).pathname);
  }

  async function viaWeb(
    lang: 'en' | 'es',
    name: Record<string, string>,
    party: Record<string, string> = californiaVoter.party,
  ): Promise<string[]> {
    const s = new VoterSession(t.app);
    await s.start(lang);
    const steps = { ...californiaVoter, name: { ...californiaVoter.name, ...name }, party };
    const order = ['eligibility', 'name', 'addresses', 'id', 'party', 'review', 'done'] as const;
    for (let i = 0; i < order.length - 1; i++) await s.complete(order[i]!, steps[order[i] as keyof typeof steps], order[i + 1]!);
    await t.ctx.jobs.runner.drain();
    const done = await s.get('done');
    const pdfPath = /href="(\/pdf\/[A-Za-z0-9_-]{43})" id="download-pdf"/.exec(done.text)?.[1];
    assert.ok(pdfPath, 'no PDF link on the done page');
    return pdfText(pdfPath);
  }

  for (const name of NAMES) {
    it(`takes ${name.firstName} ${name.lastName} through the API and prints it, in the boxes and on the mailer`, async () => {
      const pages = await viaApi(apiBody({ ...name, lang: 'es' }));
      for (const part of [name.firstName, name.lastName]) assert.ok(pages[0]?.includes(part), `page 1 lacks ${part}`);
      assert.ok(pages[2]?.includes(`${name.firstName} ${name.lastName}`), 'the return address on page 3');
    });
  }

  for (const lang of ['en', 'es'] as const) {
    it(`takes Nguyễn Thị Hoa and Łukasz Wałęsa through the web form (${lang}) and prints them`, async () => {
      for (const name of [NAMES[0]!, NAMES[1]!]) {
        // Typed decomposed (as some keyboards send it): the server composes it, the PDF prints it.
        const pages = await viaWeb(lang, { firstName: name.firstName.normalize('NFD'), lastName: name.lastName.normalize('NFD') });
        for (const part of [name.firstName, name.lastName]) assert.ok(pages[0]?.includes(part), `page 1 lacks ${part}`);
      }
    });
  }

  it('refuses a CJK name through the API, naming the field and the character', async () => {
    const res = await request(t.app)
      .post('/api/v1/registrations')
      .set({ Authorization: `Bearer ${key}` })
      .send(apiBody({ lastName: 'Li 李' }));
    assert.equal(res.status, 422);
    const problem = (res.body.fields as Array<{ path: string; message: string }>).find((p) => p.path === 'lastName');
    assert.equal(problem?.message, 'Last name: the character “李” cannot be printed on the form; use Latin letters');
  });

  for (const [lang, words] of [
    ['en', /Last name: the character “李” cannot be printed on the form; use Latin letters/],
    ['es', /el carácter “李” no se puede imprimir en el formulario; use letras latinas/],
  ] as const) {
    it(`refuses a CJK name on the web form (${lang}), naming the character in the error summary and at the field`, async () => {
      const s = new VoterSession(t.app);
      await s.start(lang);
      await s.complete('eligibility', californiaVoter.eligibility, 'name');
      const res = await s.post('name', { ...californiaVoter.name, lastName: '李' });
      assert.equal(res.status, 422);
      assert.equal(res.text.match(new RegExp(words.source, 'g'))?.length, 2, 'in the summary and at the field');
    });
  }

  it('leaves box 8 blank when the voter prefers not to say, in both languages', async () => {
    for (const [lang, words] of [
      ['en', 'I prefer not to say'],
      ['es', 'Prefiero no decirlo'],
    ] as const) {
      const pages = await viaWeb(lang, {}, { party: 'democratic', race: 'decline' });
      assert.ok(!pages[0]?.includes(words), `${lang}: "${words}" printed in box 8`);
      const chosen = await viaWeb(lang, {}, { party: 'democratic', race: 'white' });
      assert.ok(chosen[0]?.includes(lang === 'en' ? 'White' : 'Blanco'), `${lang}: a chosen race is printed`);
    }
  });
});
