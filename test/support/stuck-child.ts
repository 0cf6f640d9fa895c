// Test fixture for isolated.test.ts: a child whose worker thread is blocked in the kernel, as on a
// hung mount (open(2) on a FIFO with no writer never returns), so it cannot exit by itself.
import { Worker } from 'node:worker_threads';
import { reportExit } from '../../server/cli/isolated.js';

const fifo = process.argv[2] as string;
const worker = new Worker(`require('node:fs').openSync(${JSON.stringify(fifo)}, 'r')`, { eval: true });
worker.once('online', () => setTimeout(() => reportExit(2), 200)); // give it time to enter open(2)
