// Holds one of an app's request slots (MAX_IN_FLIGHT) for as long as a test needs: a PDF download
// waiting on storage that hangs. (A request whose body never arrives does not count any more: the
// slots count requests whose bodies are in, http/per-client.ts.) The app must have been made with
// a long storage call deadline (`storageOptions: { callDeadlineMs: 60_000 }`), or the download
// gives up, and frees its slot, after the default 2 s.
import assert from 'node:assert/strict';
import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import request from 'supertest';
import { apiBody, type TestApp } from './app-fixture.js';

/** Resolves once the download holds its slot; call the result to free it. */
export async function holdOneSlot(t: TestApp, server: http.Server): Promise<() => void> {
  const { apiKey } = await t.ctx.partners.store.create(`Slot holder ${Math.random()}`, null);
  const auth = { Authorization: `Bearer ${apiKey}` };
  const created = await request(t.app).post('/api/v1/registrations').set(auth).send(apiBody());
  assert.equal(created.status, 201);
  await t.ctx.jobs.runner.drain();
  const pdfUrl = (await request(t.app).get(`/api/v1/registrations/${created.body.id}`).set(auth)).body.pdfUrl as string;
  assert.ok(pdfUrl, 'the PDF is ready');
  for (const f of t.faults) f.hang();
  const arrived = new Promise((resolve) => server.once('request', () => setTimeout(resolve, 50)));
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(`GET ${new URL(pdfUrl).pathname} HTTP/1.1\r\nHost: rollcall.test\r\n\r\n`);
  await arrived;
  return () => {
    for (const f of t.faults) f.clear();
    socket.destroy();
  };
}
