// The storage page: every volume and path with state, latency, free space, last good probe and
// pending repairs; a latency chart from the probe samples; it refreshes itself and answers while
// a mount hangs; the verify button runs verify in the background and shows its report.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { latencyChart } from '../../../../server/admin/latency-chart.js';
import type { FakeClock } from '../../../../server/clock.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

describe('admin storage page', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  before(async () => {
    t = await makeTestApp({ storageOptions: { callDeadlineMs: 1500 } });
    const { apiKey } = await t.ctx.partners.store.create('Org', null);
    for (let i = 0; i < 3; i++) await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    await t.ctx.jobs.runner.drain();
    admin = await signIn(t, 'admin');
  });
  after(async () => {
    for (const f of t.faults) f.clear();
    await t.ctx.admin.verifyTasks.current;
    await t.close();
  });

  it('lists every volume and path with state, probe latency, free space, last good probe and pending repairs, and refreshes itself', async () => {
    const res = await admin.agent.get('/admin/storage');
    assert.equal(res.status, 200);
    assert.match(res.text, /<meta http-equiv="refresh" content="15">/);
    assert.match(res.text, /<strong>OK:<\/strong> 2 of 2 volume\(s\) writable/);
    for (const v of t.ctx.config.storageVolumes) {
      assert.match(res.text, new RegExp(`Volume ${v.name} — writable, 0 pending repair\\(s\\)`));
      for (const p of v.paths) assert.ok(res.text.includes(`<code>${p}</code>`));
    }
    assert.match(res.text, /\d+(\.\d)? ms<\/td>/);
    assert.match(res.text, /\d+\.\d (GiB|MiB|TiB)<\/td>/);
    assert.match(res.text, /<svg [^>]*role="img"/);
    assert.ok(!/<script|style="/.test(res.text), 'no inline script or style (CSP)');
  });

  it('records probe samples and draws them', async () => {
    (t.clock as FakeClock).advance(15_000);
    await t.ctx.storage.probeNow();
    await new Promise((r) => setTimeout(r, 50));
    const samples = await t.ctx.db('storage_samples');
    assert.ok(samples.length >= 2, `samples: ${samples.length}`);
    const res = await admin.agent.get('/admin/storage');
    assert.match(res.text, /<polyline|<circle/);
    assert.match(res.text, /P1 \(solid line\)/);
  });

  it('answers at once while a mount hangs, then shows it HUNG and the volume not writable', async () => {
    t.faults[0]!.hang();
    const probing = t.ctx.storage.probeNow(); // blocked in the hung mount until its deadline
    const started = performance.now();
    const during = await admin.agent.get('/admin/storage');
    const ms = performance.now() - started;
    assert.equal(during.status, 200);
    assert.ok(ms < 750, `the page took ${ms.toFixed(0)} ms while a probe hung`);
    await probing;
    const res = await admin.agent.get('/admin/storage');
    assert.match(res.text, /HUNG/);
    assert.match(res.text, /DEGRADED|DOWN/);
    const detail = await admin.agent.get('/admin/registrations');
    assert.equal(detail.status, 200, 'the rest of the admin side answers too');
    t.faults[0]!.clear();
    (t.clock as FakeClock).advance(15_000);
    await t.ctx.storage.probeNow();
    assert.match((await admin.agent.get('/admin/storage')).text, /<strong>OK:<\/strong>/);
  });

  it('starts verify in the background and shows its report; with repair it restores a missing copy', async () => {
    const row = await t.ctx.db('registrations').where({ status: 'pdf_ready' }).first();
    const v = t.ctx.config.storageVolumes[1]!;
    fs.rmSync(path.join(v.paths[0]!, row.pdf_key));
    const page = await admin.agent.get('/admin/storage');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await admin.agent.post('/admin/storage/verify').type('form').send({ _csrf: csrf, repair: 'yes' });
    assert.equal(res.status, 303);
    await t.ctx.admin.verifyTasks.current;
    const after = await admin.agent.get('/admin/storage');
    assert.match(after.text, /3 PDF\(s\) checked; 0 re-rendered; 0 lost; 0 bad copies left/);
    assert.match(after.text, new RegExp(`${v.name}: 2 good, 1 missing, 0 corrupt, 0 unreadable, 1 repaired`));
    assert.ok(fs.existsSync(path.join(v.paths[0]!, row.pdf_key)), 'the copy is back');
  });

  it('draws a chart readable without colour: a pattern and a label per path, × for a hung probe', () => {
    const now = Date.UTC(2026, 10, 3, 2, 0, 0);
    const samples = [0, 1, 2, 3].flatMap((i) => [
      { at: now - (40 - i) * 10_000, node: 'n', volume: 'a', path: '/a', state: i === 2 ? 'hung' : 'up', probe_ms: i === 2 ? 300 : 5 + i },
      { at: now - (40 - i) * 10_000, node: 'n', volume: 'b', path: '/b', state: 'up', probe_ms: 20 },
    ]);
    const { svg, series } = latencyChart(
      samples,
      [
        { volume: 'a', path: '/a' },
        { volume: 'b', path: '/b' },
      ],
      now,
    );
    assert.deepEqual(
      series.map((s) => [s.label, s.dash, s.bad]),
      [
        ['P1', 'solid', 1],
        ['P2', 'dashed', 0],
      ],
    );
    assert.match(svg, /stroke-dasharray="8 4"/);
    assert.match(svg, />×</);
    assert.match(svg, /<desc id="latency-desc">P1 a \/a: median 6 ms, max 8 ms, 1 failed or hung probe\(s\)/);
  });
});
