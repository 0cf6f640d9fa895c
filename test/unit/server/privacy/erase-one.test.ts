// Erasing one registration at the voter's request (Purger.eraseOne, ASVS 8.3.2) is the retention
// purge's code, and as final: no byte of the voter left in the SQLite file or its log; no PDF copy
// left on any volume, even one that was down during the erase and comes back holding its copy
// while another volume still has a restore queued for the same key (before: the repairer copied
// the PDF back from the returning volume, for the purge and the erase alike); and no copy left by
// a render job that stored the PDF while the voter erased (before: the copy stayed, unlisted).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import type { Job } from '../../../../server/jobs/queue.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Every file under the volumes' directories (PDFs and anything else), relative names. */
function filesOnVolumes(t: TestApp): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      : [];
  return t.ctx.config.storageVolumes.flatMap((v) => v.paths.flatMap((p) => walk(p).map((f) => `${v.name}:${path.relative(p, f)}`)));
}

const pdfsOnVolumes = (t: TestApp) => filesOnVolumes(t).filter((f) => f.includes('pdfs/') && f.endsWith('.pdf'));

async function apiRegistration(t: TestApp, body: Record<string, unknown> = apiBody()): Promise<{ id: number; pdf_key: string }> {
  const { apiKey } = await t.ctx.partners.store.create(`Erase Org ${Math.random()}`, null);
  const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(body);
  assert.equal(res.status, 201, res.text);
  return (await t.ctx.db('registrations').where({ uid: res.body.id }).first('id', 'pdf_key')) as { id: number; pdf_key: string };
}

describe('erasing one registration on request', () => {
  describe('on disk (SQLite)', { skip: onPostgres ? 'the database files are PostgreSQL’s (docs/security.md)' : false }, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp({ sqliteFile: true });
    });
    after(() => t.close());

    it('leaves no byte of the voter in the database file, its write-ahead log or the volumes', async () => {
      const traces = ['Zebulonette', 'Quixerasia', 'zq.erase.trace@example.org', '4417 Marigold Erase Lane'];
      const row = await apiRegistration(
        t,
        apiBody({
          firstName: traces[0],
          lastName: traces[1],
          email: traces[2],
          homeAddress: { street: traces[3], city: 'Sacramento', state: 'CA', zip: '95814' },
        }),
      );
      await t.ctx.jobs.runner.drain();
      assert.equal(pdfsOnVolumes(t).length, 2, 'the PDF on both volumes');
      const files = () => ['rollcall.sqlite', 'rollcall.sqlite-wal'].map((f) => path.join(t.dir, f)).filter((f) => fs.existsSync(f));
      const found = (needles: readonly string[]) =>
        files().flatMap((file) => {
          const bytes = fs.readFileSync(file);
          return needles.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${path.basename(file)}: "${s.slice(0, 40)}"`);
        });
      // Sealed at rest (ASVS 6.1.1): the files hold the sealed values, which APP_KEY opens; the erase removes them too.
      const sealed = Object.values(
        (await t.ctx.db('registrations').where({ id: row.id }).first('answers', 'email', 'first_name', 'last_name')) as Record<
          string,
          string
        >,
      );
      const missing = sealed.filter((s) => found([s]).length === 0);
      assert.deepEqual(missing, [], 'the voter is in the files before');

      assert.equal(await t.ctx.privacy.purger.eraseOne(row.id), true);
      assert.deepEqual(found([...traces, ...sealed]), [], 'readable after the erase');
      assert.deepEqual(pdfsOnVolumes(t), [], 'a PDF copy left');
      assert.equal(await t.ctx.privacy.purger.eraseOne(row.id), false, 'nothing left to erase the second time');
    });
  });

  describe('with a volume down', () => {
    let t: TestApp;
    before(async () => {
      // One volume is enough to store a PDF, so a put can miss one.
      t = await makeTestApp({ env: { STORAGE_WRITE_QUORUM: '1' } });
    });
    after(() => t.close());
    afterEach(async () => {
      for (const f of t.faults) f.clear();
      await t.ctx.storage.probeNow();
    });
    const [a, b] = [0, 1];

    /** Stored while volume A is down (B holds it, A has a restore queued), then erased by `wipe` while B is down, then repaired. */
    async function volumeDownDuringDelete(wipe: (id: number) => Promise<void>) {
      t.faults[a]!.fail();
      await t.ctx.storage.probeNow();
      const row = await apiRegistration(t);
      await t.ctx.jobs.runner.drain();
      assert.equal((await t.ctx.db('registrations').where({ id: row.id }).first('status')).status, 'pdf_ready');
      assert.deepEqual(pdfsOnVolumes(t), [`local-b:${row.pdf_key}`]);
      assert.deepEqual(
        (await t.ctx.db('storage_repairs').where({ key: row.pdf_key })).map((r) => [r.volume, r.kind]),
        [['local-a', 'restore']],
      );
      // A is back (not yet repaired); B goes down, and the registration is wiped.
      t.faults[a]!.clear();
      t.faults[b]!.fail();
      await t.ctx.storage.probeNow();
      await wipe(row.id);
      // B returns with its copy; the repairer runs (volume A's queue first, then B's).
      t.faults[b]!.clear();
      await t.ctx.storage.probeNow();
      await t.ctx.storage.repairNow();
      await t.ctx.storage.repairNow();
      assert.deepEqual(pdfsOnVolumes(t), [], 'the wiped PDF is on a volume again');
      assert.deepEqual(await t.ctx.db('storage_repairs').where({ key: row.pdf_key }), [], 'nothing left queued for the key');
    }

    it('does not let repair copy the PDF back from a volume that was down during the erase', async () => {
      await volumeDownDuringDelete(async (id) => assert.equal(await t.ctx.privacy.purger.eraseOne(id), true));
    });

    it('nor during the purge past retention (the same code, the same hole before)', async () => {
      await volumeDownDuringDelete(async () => {
        (t.clock as FakeClock).advance(15 * 24 * 60 * 60_000);
        assert.equal((await t.ctx.privacy.purger.run({ dryRun: false })).registrations, 1);
      });
    });

    it('deletes the copy a render job stored while the voter erased', async () => {
      const row = await apiRegistration(t);
      // The render job reads the row and renders; the voter erases before it stores the PDF.
      const storage = t.ctx.storage;
      const put = storage.put.bind(storage);
      storage.put = async (key, bytes) => {
        storage.put = put;
        assert.equal(await t.ctx.privacy.purger.eraseOne(row.id), true);
        return put(key, bytes);
      };
      const result = await t.ctx.registrations.pdfs.runRenderJob({
        id: 0,
        kind: 'render_pdf',
        payload: { registrationId: row.id },
        attempts: 1,
        maxAttempts: 5,
      } satisfies Job);
      assert.equal(pdfsOnVolumes(t).length, 2, 'stored by the job after the erase');
      await t.ctx.db.transaction(async (trx) => result!.finish!(trx));
      result!.afterCommit!();
      for (let i = 0; i < 200 && pdfsOnVolumes(t).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(pdfsOnVolumes(t), [], 'the job left its copy of an erased registration');
      assert.equal((await t.ctx.db('registrations').where({ id: row.id }).first('status')).status, 'purged');
    });
  });
});
