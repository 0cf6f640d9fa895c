// The portal's Widget page, its mail section: a partner chooses whether its voters' email address
// is required or optional and whether Rollcall emails them; the defaults are required and on; a
// value that is not one of the choices is a 422 naming the field; partner B never changes A's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { voterMailSettingsOf } from '../../../../server/partners/partner-records.js';
import { type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { signIn as adminSignIn } from '../../../support/admin-sign-in.js';
import { type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

/** The values of the checked radios named `name`. */
const checked = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)" checked`, 'g'))].map((m) => m[1]);

describe('partner portal: mail to voters (widget page)', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
  });
  after(() => t.close());

  const post = async (agent: typeof a.agent, fields: Record<string, string>) => {
    const page = await agent.get('/partner/widget');
    return agent
      .post('/partner/widget/voter-mail')
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
  };
  const settings = async (partnerId: string) => voterMailSettingsOf(await t.ctx.partners.store.byId(partnerId));

  it('shows the defaults: email required, Rollcall emails the voters', async () => {
    const res = await a.agent.get('/partner/widget');
    assert.equal(res.status, 200);
    assert.match(res.text, /<h2 id="voter-mail">Email to your voters<\/h2>/);
    assert.deepEqual(checked(res.text, 'voterEmail'), ['required']);
    assert.deepEqual(checked(res.text, 'voterMail'), ['on']);
    assert.deepEqual(await settings(a.partner.id), { emailOptional: false, voterMail: true });
  });

  it("saves the partner's choices, shows them again, and leaves the other partner's alone", async () => {
    const res = await post(a.agent, { voterEmail: 'optional', voterMail: 'off' });
    assert.equal(res.status, 200);
    assert.match(res.text, /Saved\./);
    assert.deepEqual(checked(res.text, 'voterEmail'), ['optional']);
    assert.deepEqual(checked(res.text, 'voterMail'), ['off']);
    assert.deepEqual(await settings(a.partner.id), { emailOptional: true, voterMail: false });
    assert.deepEqual(await settings(b.partner.id), { emailOptional: false, voterMail: true });
    const es = await a.agent.get('/partner/widget?lang=es');
    assert.match(es.text, /Correo electrónico a sus votantes/);
    await a.agent.get('/partner/widget?lang=en');
  });

  it('refuses a value that is not a choice with 422, naming each field, and changes nothing', async () => {
    const before = await settings(b.partner.id);
    const res = await post(b.agent, { voterEmail: 'sometimes', voterMail: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /<a href="#voterEmail">Choose whether the email address is required or optional\.<\/a>/);
    assert.match(res.text, /<a href="#voterMail">Choose whether Rollcall emails your voters\.<\/a>/);
    assert.match(res.text, /id="voterEmail-error"/);
    assert.deepEqual(await settings(b.partner.id), before);
  });

  it("shows an admin the partner's choices on its page", async () => {
    const admin = await adminSignIn(t, 'admin');
    const page = await admin.agent.get(`/admin/partners/${a.partner.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="partner-voter-email">Optional/);
    assert.match(page.text, /id="partner-voter-mail">Off/);
    const other = await admin.agent.get(`/admin/partners/${b.partner.id}`);
    assert.match(other.text, /id="partner-voter-email">Required/);
    assert.match(other.text, /id="partner-voter-mail">On/);
  });
});
