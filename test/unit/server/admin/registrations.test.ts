// The admin's registration tasks: search with each filter, keyset pages, the detail page (ID
// number masked, sha256, copies per volume), one PDF (stored, or re-rendered when every copy is
// gone), the bulk ZIP (re-renders, MANIFEST lists what could not be included), and the audit log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../../../server/security/tokens.js';
import { apiBody, binaryBody as binary, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { readStoredZip } from '../../../support/zip-reader.js';

describe('admin registrations', () => {
  let t: TestApp;
  let support: SignedInAgent;
  let partnerId: string;
  const uids: Record<string, string> = {};

  before(async () => {
    t = await makeTestApp();
    const { partner, apiKey } = await t.ctx.partners.store.create('League of Example Voters', null);
    partnerId = partner.id;
    const post = async (name: string, body: Record<string, unknown>) => {
      const res = await (
        await import('supertest')
      )
        .default(t.app)
        .post('/api/v1/registrations')
        .set('Authorization', `Bearer ${apiKey}`)
        .send(apiBody(body));
      assert.equal(res.status, 201, res.text);
      uids[name] = res.body.id;
    };
    await post('maria', {});
    await post('jose', {
      firstName: 'José',
      lastName: 'Ramírez',
      email: 'Jose@Example.org',
      homeAddress: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' },
      idNumber: 'TX12345678',
    });
    await post('ana', {
      firstName: 'Ana',
      lastName: 'garcia',
      email: 'ana@example.org',
      party: 'other',
      otherParty: 'Peace and Freedom Party',
    });
    await t.ctx.jobs.runner.drain();
    support = await signIn(t, 'support');
  });
  after(() => t.close());

  const rowsOf = (html: string) => [...html.matchAll(/href="\/admin\/registrations\/([0-9a-f]{32})"/g)].map((m) => m[1]!);

  it('finds registrations by name (any case), email, ZIP, state, partner, status and dates', async () => {
    const q = async (qs: string) => {
      const res = await support.agent.get(`/admin/registrations?${qs}`);
      assert.equal(res.status, 200, res.text.slice(0, 300));
      return rowsOf(res.text).sort();
    };
    assert.deepEqual(await q('name=GARCIA'), [uids.maria, uids.ana].sort());
    assert.deepEqual(await q('name=Maria+Garcia'), [uids.maria]);
    assert.deepEqual(await q('name=Garcia%2C+Ana'), [uids.ana]);
    assert.deepEqual(await q('email=jose%40example.org'), [uids.jose]);
    assert.deepEqual(await q('zip=78701'), [uids.jose]);
    assert.deepEqual(await q('state=CA'), [uids.maria, uids.ana].sort());
    assert.deepEqual(await q(`partner=${partnerId}&status=pdf_ready`), Object.values(uids).sort());
    assert.deepEqual(await q('status=purged'), []);
    assert.deepEqual(await q('from=2026-10-01&to=2026-10-01'), Object.values(uids).sort());
    assert.deepEqual(await q('from=2026-10-02'), []);
  });

  it('answers a bad filter with 422 and an error summary linking to the field', async () => {
    const res = await support.agent.get('/admin/registrations?zip=123&from=2026-02-30');
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#f-zip"/);
    assert.match(res.text, /href="#f-from"/);
    assert.match(res.text, /aria-invalid="true"/);
  });

  it('pages with a keyset cursor: no row twice, none missed', async () => {
    const now = t.clock.now();
    const rows = Array.from({ length: 120 }, (_, i) => ({
      uid: `${'a'.repeat(24)}${String(i).padStart(8, '0')}`,
      channel: 'web',
      lang: 'en',
      status: 'in_progress',
      step: 'name',
      last_name: 'Pager',
      last_name_hmac: t.ctx.cipher.blindIndex('Pager'), // what the owner writes beside a name (found by search)
      answers: '{}',
      created_at: now - (i % 7) * 1000,
      updated_at: now,
    }));
    await t.ctx.db.batchInsert('registrations', rows, 60);
    const seen: string[] = [];
    let url: string | null = '/admin/registrations?name=pager';
    while (url) {
      const res = await support.agent.get(url);
      seen.push(...rowsOf(res.text));
      url = /href="([^"]+)" rel="next"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&') ?? null;
    }
    assert.equal(seen.length, 120);
    assert.equal(new Set(seen).size, 120);
  });

  it('shows the detail: answers with the ID number masked, the sha256, and a good copy on each volume', async () => {
    const res = await support.agent.get(`/admin/registrations/${uids.jose}`);
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('TX12345678'), 'the ID number is never shown whole');
    assert.match(res.text, /id="id-number">•+78</);
    const row = await t.ctx.registrations.service.store.byUid(uids.jose!);
    assert.match(res.text, new RegExp(`id="pdf-sha256">${row!.pdf_sha256}<`));
    assert.match(res.text, /Good copies: 2 of 2 volumes/);

    // one copy deleted behind Rollcall's back: the page says which volume lacks it
    const volumeA = t.ctx.config.storageVolumes[0]!;
    fs.rmSync(path.join(volumeA.paths[0]!, row!.pdf_key!));
    const after = await support.agent.get(`/admin/registrations/${uids.jose}`);
    assert.match(after.text, /Good copies: 1 of 2 volumes/);
    assert.match(after.text, new RegExp(`${volumeA.name}</th><td>MISSING`));
  });

  it('shows the party name a voter wrote in for Other', async () => {
    const res = await support.agent.get(`/admin/registrations/${uids.ana}`);
    assert.match(res.text, /<dt>Party<\/dt><dd>other<\/dd><dt>Party name \(written in for Other\)<\/dt><dd>Peace and Freedom Party<\/dd>/);
  });

  it('downloads one PDF: the stored copy, or a fresh render when no volume has it', async () => {
    const row = (await t.ctx.registrations.service.store.byUid(uids.maria!))!;
    const stored = await support.agent.get(`/admin/registrations/${uids.maria}/pdf`).buffer(true).parse(binary);
    assert.equal(stored.status, 200);
    assert.equal(stored.headers['content-type'], 'application/pdf');
    assert.equal(stored.headers['x-rollcall-pdf-source'], 'storage');
    // The volumes hold it sealed (the row's checksum is the sealed bytes'); the download is the PDF.
    const volumeCopy = fs.readFileSync(path.join(t.ctx.config.storageVolumes[0]!.paths[0]!, row.pdf_key!));
    assert.equal(sha256Hex(volumeCopy), row.pdf_sha256);
    const pdfSha = sha256Hex(await t.ctx.registrations.pdfs.render(row));
    assert.equal(sha256Hex(stored.body as Buffer), pdfSha);
    for (const v of t.ctx.config.storageVolumes) fs.rmSync(path.join(v.paths[0]!, row.pdf_key!), { force: true });
    const rendered = await support.agent.get(`/admin/registrations/${uids.maria}/pdf`).buffer(true).parse(binary);
    assert.equal(rendered.status, 200);
    assert.equal(rendered.headers['x-rollcall-pdf-source'], 'render');
    assert.equal(sha256Hex(rendered.body as Buffer), pdfSha, 'the same bytes: rendering is deterministic');
    // The render, matching the recorded checksum, was written back: the next download reads it.
    const repaired = await support.agent.get(`/admin/registrations/${uids.maria}/pdf`).buffer(true).parse(binary);
    assert.equal(repaired.headers['x-rollcall-pdf-source'], 'storage');
    assert.equal(sha256Hex(repaired.body as Buffer), pdfSha);
    assert.equal(sha256Hex(fs.readFileSync(path.join(t.ctx.config.storageVolumes[0]!.paths[0]!, row.pdf_key!))), row.pdf_sha256);
  });

  it('bulk ZIP: every selected PDF (re-rendered when lost), and a MANIFEST naming what is not included', async () => {
    // maria's PDF lost on every volume: the ZIP renders it again from the database
    const maria0 = (await t.ctx.registrations.service.store.byUid(uids.maria!))!;
    for (const v of t.ctx.config.storageVolumes) fs.rmSync(path.join(v.paths[0]!, maria0.pdf_key!), { force: true });
    // ana purged: her PDF cannot come back and must be listed, not skipped silently
    const ana = (await t.ctx.registrations.service.store.byUid(uids.ana!))!;
    await t.ctx
      .db('registrations')
      .where({ id: ana.id })
      .update({ status: 'purged', answers: '{}', id_number_enc: null, first_name: null, email: null, purged_at: t.clock.now() });
    const page = await support.agent.get(`/admin/registrations/bulk?partner=${partnerId}`);
    assert.match(page.text, /3 registration\(s\) match/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await support.agent
      .post('/admin/registrations/bulk.zip')
      .type('form')
      .send({ _csrf: csrf, partner: partnerId })
      .buffer(true)
      .parse(binary);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['x-rollcall-selected'], '3');
    const files = readStoredZip(res.body as Buffer);
    const pdfs = [...files.keys()].filter((n) => n.endsWith('.pdf'));
    assert.equal(pdfs.length, 2);
    const maria = (await t.ctx.registrations.service.store.byUid(uids.maria!))!;
    const mariaFile = pdfs.find((n) => n.includes(uids.maria!))!;
    assert.equal(
      sha256Hex(files.get(mariaFile)!),
      sha256Hex(await t.ctx.registrations.pdfs.render(maria)),
      'lost on every volume, re-rendered, same bytes',
    );
    const manifest = files.get('MANIFEST.txt')!.toString();
    assert.match(manifest, new RegExp(`NOT INCLUDED\\t${uids.ana}\\tpurged`));
    // The file's own checksum (the PDF; the row's is the sealed copy's), and no CHECKSUM DIFFERS.
    assert.match(manifest, new RegExp(`${mariaFile}\\t${sha256Hex(files.get(mariaFile)!)}\\tre-rendered from the database\\n`));
    assert.match(manifest, /TOTAL\t2 file\(s\): 1 stored, 1 re-rendered; 1 not included/);
  });

  it('bulk ZIP with a bad filter field: back to the search page, which names the field; nothing is downloaded', async () => {
    const page = await support.agent.get(`/admin/registrations/bulk?partner=${partnerId}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await support.agent
      .post('/admin/registrations/bulk.zip')
      .type('form')
      .send({ _csrf: csrf, partner: partnerId, zip: '7870' });
    assert.equal(res.status, 303);
    assert.notEqual(res.headers['content-type'], 'application/zip');
    const search = await support.agent.get(res.headers.location!);
    assert.equal(search.status, 422);
    assert.match(search.text, /usa-error-message[^>]*>[^<]*ZIP/i, 'the error names the ZIP field');
  });

  it('writes every view and download to the audit log, and the log refuses edits', async () => {
    const entries = await t.ctx.db('audit_log').where({ user_email: support.email }).orderBy('id');
    const actions = entries.map((e: { action: string }) => e.action);
    for (const a of ['login', 'search', 'view_registration', 'download_pdf', 'download_zip'])
      assert.ok(actions.includes(a), `${a} is logged`);
    const view = entries.find((e: { action: string }) => e.action === 'view_registration');
    assert.equal(view.target, uids.jose);
    assert.match(view.client, /\/(24|48)$/);
    const search = entries.find((e: { action: string; target: string }) => e.action === 'search' && e.target.includes('email'));
    assert.ok(!search.target.includes('jose'), 'searched emails and names stay out of the log');
    await assert.rejects(t.ctx.db('audit_log').update({ action: 'x' }), /append-only/);
    await assert.rejects(t.ctx.db('audit_log').delete(), /append-only/);
  });
});
