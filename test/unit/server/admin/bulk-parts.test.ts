// A selection larger than one ZIP part (ZIP_PART_SIZE) is offered as several parts; each part
// starts where the previous one ended (keyset), so together they hold every registration once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ZIP_PART_SIZE } from '../../../../server/admin/bulk-zip.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { readStoredZip } from '../../../support/zip-reader.js';

const EXTRA = 30;

describe('bulk ZIP in parts', () => {
  let t: TestApp;
  let support: SignedInAgent;
  before(async () => {
    t = await makeTestApp();
    const now = t.clock.now();
    const rows = Array.from({ length: ZIP_PART_SIZE + EXTRA }, (_, i) => ({
      uid: `c${i.toString(16).padStart(31, '0')}`,
      channel: 'web',
      lang: 'en',
      status: 'in_progress',
      step: 'name',
      state_code: 'NV',
      answers: '{}',
      created_at: now - i,
      updated_at: now,
    }));
    await t.ctx.db.transaction(async (trx) => {
      for (let k = 0; k < rows.length; k += 100) await trx('registrations').insert(rows.slice(k, k + 100));
    });
    support = await signIn(t, 'support');
  });
  after(() => t.close());

  it('offers two parts, and the parts together list every registration once', async () => {
    const page = await support.agent.get('/admin/registrations/bulk?state=NV');
    assert.match(page.text, new RegExp(`${ZIP_PART_SIZE + EXTRA} registration\\(s\\) match`));
    assert.match(page.text, /download it in 2 parts/);
    const forms = [...page.text.matchAll(/<form method="post" action="\/admin\/registrations\/bulk.zip">([\s\S]*?)<\/form>/g)].map((m) =>
      Object.fromEntries([...m[1]!.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((x) => [x[1], x[2]])),
    );
    assert.equal(forms.length, 2);
    const seen = new Set<string>();
    let total = 0;
    for (const form of forms) {
      const res = await support.agent
        .post('/admin/registrations/bulk.zip')
        .type('form')
        .send(form)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      assert.equal(res.status, 200);
      const manifest = readStoredZip(res.body as Buffer)
        .get('MANIFEST.txt')!
        .toString();
      for (const m of manifest.matchAll(/NOT INCLUDED\t([0-9a-f]{32})\tstatus in_progress/g)) seen.add(m[1]!);
      total += [...manifest.matchAll(/NOT INCLUDED\t/g)].length;
    }
    assert.equal(total, ZIP_PART_SIZE + EXTRA);
    assert.equal(seen.size, ZIP_PART_SIZE + EXTRA);
  });
});
