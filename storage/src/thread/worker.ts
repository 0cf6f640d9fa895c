// Entry point of a path worker thread: one per mount path. Runs file calls one at a time and
// applies the path's fault switch (if any) around each, so injected faults behave like real ones.
import { parentPort, workerData } from 'node:worker_threads';
import { runRequest } from './file-ops.js';
import { FaultPoint } from './fault-point.js';
import type { PathRequest, WorkerInit, WorkerReply } from '../protocol.js';

const init = workerData as WorkerInit;
const faults = init.faultBuffer ? new FaultPoint(init.faultBuffer) : null;
const port = parentPort;
if (!port) throw new Error('storage worker started outside a worker thread');

port.on('message', (message: { id: number; request: PathRequest }) => {
  const { id, request } = message;
  let reply: WorkerReply;
  try {
    const isWrite = request.op === 'put' || request.op === 'delete' || request.op === 'probe' || request.op === 'sweep';
    faults?.before(isWrite ? 'write' : 'read');
    let value = runRequest(init, request);
    if (faults && value.op === 'get' && value.found) value = { ...value, bytes: faults.afterRead(Buffer.from(value.bytes)) };
    if (faults && value.op === 'probe') value = { ...value, freeBytes: faults.freeBytes(value.freeBytes) };
    reply = { id, ok: true, value };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    reply = { id, ok: false, error: { code: err.code ?? 'EUNKNOWN', message: err.message } };
  }
  port.postMessage(reply);
});
