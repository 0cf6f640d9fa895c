// In-process background work is tracked, and ctx.close() waits for it before it closes storage
// and the database (an admin verify used to run on after close, into a destroyed database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlight } from '../../../../server/jobs/in-flight.js';
import { makeTestApp } from '../../../support/app-fixture.js';

describe('InFlight', () => {
  it('settles once every tracked piece of work has, including work tracked while it waits', async () => {
    const work = new InFlight();
    const done: string[] = [];
    void work.track(new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => void done.push('first')));
    void work.track(
      new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => {
        done.push('second');
        void work.track(new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() => void done.push('third')));
      }),
    );
    await work.settled();
    assert.deepEqual(done.sort(), ['first', 'second', 'third']);
    assert.equal(work.size, 0);
  });

  it('hands the work back unchanged and is not failed by a rejection', async () => {
    const work = new InFlight();
    await assert.rejects(work.track(Promise.reject(new Error('mail server down'))), /mail server down/);
    await work.settled();
    assert.equal(work.size, 0);
  });
});

describe('ctx.close()', () => {
  it('waits for in-process work tracked by the context before closing the database', async () => {
    const t = await makeTestApp();
    let wrote = false;
    void t.ctx.background.track(
      new Promise((resolve) => setTimeout(resolve, 200)).then(async () => {
        await t.ctx.db.raw('select 1'); // fails if the database was closed under it
        wrote = true;
      }),
    );
    await t.close();
    assert.equal(wrote, true);
  });

  it('waits for an admin storage verify still running', async () => {
    const t = await makeTestApp();
    const user = await t.ctx.auth.users.create({ email: 'admin@example.org', password: 'correct horse battery staple', role: 'admin' });
    for (const f of t.faults) f.slow(100); // every storage call of the verify takes a while
    const id = await t.ctx.admin.verifyTasks.start(user.id, false);
    assert.notEqual(id, null);
    const running = t.ctx.admin.verifyTasks.current;
    assert.ok(running, 'the verify runs in the background');
    let finished = false;
    void running.then(() => (finished = true));
    await t.close();
    assert.equal(finished, true, 'close() resolved only after the verify finished');
    assert.equal(t.ctx.admin.verifyTasks.current, null);
  });
});
