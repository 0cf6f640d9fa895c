// The bulk ZIP at constant memory: N registrations whose stored PDFs (hard links to one real
// PDF, so the disk stays small) are zipped over real HTTP, by a fast reader and by a slow one;
// the heap is sampled while it runs. ADMIN_ZIP_ROWS (default 400) sets N; the figures in
// docs/admin.md come from ADMIN_ZIP_ROWS=1000, 10000 and 100000.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Response as ExpressResponse } from 'express';
import { streamZip } from '../../../../server/admin/bulk-zip.js';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

const N = Number(process.env.ADMIN_ZIP_ROWS ?? 400);

describe(`bulk ZIP of ${N} PDFs`, () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let server: http.Server;
  let cookie: string;
  let pdfBytes = 0;

  before(async () => {
    t = await makeTestApp();
    const { apiKey } = await t.ctx.partners.store.create('Org', null);
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    await t.ctx.jobs.runner.drain();
    const model = (await t.ctx.registrations.service.store.byUid(res.body.id))!;
    const sources = t.ctx.config.storageVolumes.map((v) => path.join(v.paths[0]!, model.pdf_key!));
    pdfBytes = fs.statSync(sources[0]!).size;
    const { id: _id, uid: _uid, resume_hash: _r, ...template } = model;
    for (let from = 0; from < N; from += 500) {
      const rows: Array<Record<string, unknown>> = [];
      for (let i = from; i < Math.min(N, from + 500); i++) {
        const uid = `b${i.toString(16).padStart(31, '0')}`;
        const key = `pdfs/2026/10/01/${uid}.pdf`;
        rows.push({ ...template, uid, resume_hash: null, pdf_key: key, created_at: model.created_at - i });
        for (const [k, v] of t.ctx.config.storageVolumes.entries()) {
          // a file takes at most 65,000 hard links (ext4): a fresh source every 50,000
          if (i > 0 && i % 50_000 === 0) {
            const fresh = `${sources[k]}.${i}`;
            fs.copyFileSync(sources[k]!, fresh);
            sources[k] = fresh;
          }
          fs.linkSync(sources[k]!, path.join(v.paths[0]!, key));
        }
      }
      await t.ctx.db.transaction(async (trx) => {
        for (let k = 0; k < rows.length; k += 50) await trx('registrations').insert(rows.slice(k, k + 50));
      });
    }
    admin = await signIn(t, 'admin');
    cookie = (admin.agent as unknown as { jar: { getCookie(name: string, opts: unknown): { value: string } } }).jar.getCookie(
      'rc_session',
      { domain: '127.0.0.1', path: '/', secure: false, script: false },
    ).value;
    server = http.createServer(t.app).listen(0, '127.0.0.1');
  });
  after(async () => {
    server?.close();
    await t.close();
  });

  async function download(slowMsPerChunk: number): Promise<{ bytes: number; sha: string; heapGrowthMb: number; ms: number }> {
    const csrf = await admin.csrf();
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    // With --expose-gc the samples are of the live heap (collected first), not of garbage yet to go.
    const sampler = setInterval(
      () => {
        global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
      global.gc ? 250 : 20,
    );
    const started = performance.now();
    const { port } = server.address() as AddressInfo;
    const body = new URLSearchParams({ _csrf: csrf, status: 'pdf_ready' }).toString();
    const result = await new Promise<{ bytes: number; sha: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/admin/registrations/bulk.zip',
          method: 'POST',
          headers: {
            Cookie: `rc_session=${cookie}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          assert.equal(res.statusCode, 200);
          let bytes = 0;
          let sincePause = 0;
          const hash = (async () => (await import('node:crypto')).createHash('sha256'))();
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            void hash.then((h) => h.update(chunk));
            sincePause += chunk.length;
            if (slowMsPerChunk && sincePause >= 64 * 1024) {
              // a slow client: about 64 KiB every few milliseconds
              sincePause = 0;
              res.pause();
              setTimeout(() => res.resume(), slowMsPerChunk);
            }
          });
          res.on('end', () => void hash.then((h) => resolve({ bytes, sha: h.digest('hex') })));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    clearInterval(sampler);
    return { ...result, heapGrowthMb: (peak - base) / 1024 / 1024, ms: performance.now() - started };
  }

  it('server side alone (a sink that takes each write on the next turn): the live heap grows only by the ZIP central directory', async () => {
    const sink = Object.assign(new Writable({ write: (_c, _e, cb) => setImmediate(cb) }), {
      status: () => sink,
      set: () => sink,
    }) as unknown as ExpressResponse;
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(
      () => {
        global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
      global.gc ? 250 : 20,
    );
    const started = performance.now();
    const summary = await streamZip(
      { ...t.ctx, records: t.ctx.registrations.service.store, pdfs: t.ctx.registrations.pdfs },
      { status: 'pdf_ready' },
      sink,
      'x.zip',
    );
    clearInterval(sampler);
    global.gc?.();
    const growth = (Math.max(peak, process.memoryUsage().heapUsed) - base) / 1024 / 1024;
    process.stderr.write(
      `bulk zip, server side: ${summary.files} PDFs in ${((performance.now() - started) / 1000).toFixed(1)} s; live heap growth ${growth.toFixed(1)} MiB${global.gc ? '' : ' (without --expose-gc: includes garbage)'}; rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB\n`,
    );
    assert.equal(summary.files, N + 1);
    assert.ok(growth < 64, `heap grew ${growth.toFixed(1)} MiB`);
  });

  it('streams every PDF with the heap growing by a bounded amount, fast reader or slow', async () => {
    const fast = await download(0);
    const zipMb = fast.bytes / 1024 / 1024;
    assert.ok(fast.bytes > N * pdfBytes, 'every PDF is in the ZIP');
    const slow = await download(N > 20_000 ? 0 : 5);
    assert.equal(slow.sha, fast.sha, 'the same ZIP both times');
    process.stderr.write(`slow reader ${(slow.ms / 1000).toFixed(1)} s; `);
    process.stderr.write(
      `bulk zip: ${N + 1} PDFs of ${(pdfBytes / 1024).toFixed(0)} KiB, ZIP ${zipMb.toFixed(0)} MiB in ${(fast.ms / 1000).toFixed(1)} s; heap growth ${fast.heapGrowthMb.toFixed(1)} MiB (fast reader), ${slow.heapGrowthMb.toFixed(1)} MiB (slow reader); rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB\n`,
    );
    assert.ok(
      fast.heapGrowthMb < 64 && slow.heapGrowthMb < 64,
      `heap grew ${fast.heapGrowthMb.toFixed(1)} / ${slow.heapGrowthMb.toFixed(1)} MiB`,
    );
    const manifest = (await t.ctx.db('audit_log').where({ action: 'download_zip' }).orderBy('id', 'desc').first()).detail;
    assert.match(manifest, new RegExp(`finished: ${N + 1} PDF\\(s\\) \\(${N + 1} stored, 0 re-rendered\\), 0 not included`));
  });
});
