// The job runner's lanes: webhook deliveries have slots of their own, so receivers that hang hold
// only those, and a voter's PDF is rendered meanwhile. Before the lanes, eight hanging deliveries
// took all eight slots of the one dispatcher and the render waited for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobRunner } from '../../../../server/jobs/runner.js';
import type { Job } from '../../../../server/jobs/queue.js';
import { createLogger } from '../../../../server/logger.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('job lanes', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('renders a PDF while every webhook slot is held by a receiver that does not answer', async () => {
    let releaseWebhooks!: () => void;
    const hanging = new Promise<void>((resolve) => (releaseWebhooks = resolve));
    const startedWebhooks: number[] = [];
    let rendered: Job | undefined;
    const runner = new JobRunner(
      t.ctx.jobs.queue,
      {
        deliver_webhook: async (job) => {
          startedWebhooks.push(job.id);
          await hanging;
        },
        render_pdf: async (job) => {
          rendered = job;
        },
        send_voter_mail: async () => {},
        send_account_notice: async () => {},
      },
      createLogger('silent'),
      {
        lanes: [
          { name: 'voters', kinds: ['render_pdf', 'send_voter_mail', 'send_account_notice'], concurrency: 8 },
          { name: 'webhooks', kinds: ['deliver_webhook'], concurrency: 8 },
        ],
        pollMs: 20,
      },
    );
    // Twelve deliveries first (more than either lane's slots), then the render.
    await t.ctx.db.transaction(async (trx) => {
      for (let i = 0; i < 12; i++) await t.ctx.jobs.queue.enqueue(trx, 'deliver_webhook', { deliveryId: 1000 + i });
      await t.ctx.jobs.queue.enqueue(trx, 'render_pdf', { registrationId: 424242 });
    });
    runner.start();
    try {
      for (let i = 0; i < 500 && (!rendered || startedWebhooks.length < 8); i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(rendered?.payload.registrationId, 424242, 'the render ran while the deliveries hung');
      assert.equal(startedWebhooks.length, 8, 'the webhook lane took its eight slots, no more');
    } finally {
      releaseWebhooks();
      await runner.stop();
    }
  });

  it('refuses a handler that is in no lane, or in two', () => {
    const handlers = {
      deliver_webhook: async () => {},
      render_pdf: async () => {},
      send_voter_mail: async () => {},
      send_account_notice: async () => {},
    };
    assert.throws(
      () =>
        new JobRunner(t.ctx.jobs.queue, handlers, createLogger('silent'), {
          lanes: [{ name: 'x', kinds: ['render_pdf'], concurrency: 1 }],
        }),
      /deliver_webhook must be in exactly one lane/,
    );
    assert.throws(
      () =>
        new JobRunner(t.ctx.jobs.queue, handlers, createLogger('silent'), {
          lanes: [
            { name: 'a', kinds: ['render_pdf', 'deliver_webhook', 'send_voter_mail', 'send_account_notice'], concurrency: 1 },
            { name: 'b', kinds: ['deliver_webhook'], concurrency: 1 },
          ],
        }),
      /deliver_webhook must be in exactly one lane/,
    );
  });
});
