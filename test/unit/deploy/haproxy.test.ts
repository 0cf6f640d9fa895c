// HAProxy's 503 page (deploy/haproxy/503.http), the answer to every request the balancer refuses
// or cannot place in time: a whole HTTP response HAProxy sends as it is. Its Content-Length must
// match the page (without it HAProxy closes the client's connection after each refusal, and a
// surge's clients then reconnect for every retry), and it must say Retry-After, refresh itself and
// speak both languages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { projectPath } from '../../../server/project-root.js';

describe("HAProxy's 503 page", () => {
  const raw = fs.readFileSync(projectPath('deploy', 'haproxy', '503.http'));
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('utf8').split('\r\n');
  const body = raw.subarray(split + 4);
  const header = (name: string) =>
    head
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim();

  it('is a 503 whose Content-Length is the page, with Retry-After and no connection close', () => {
    assert.equal(head[0], 'HTTP/1.1 503 Service Unavailable');
    assert.equal(Number(header('Content-Length')), body.length);
    assert.ok(Number(header('Retry-After')) > 0);
    assert.equal(header('Cache-Control'), 'no-store');
    assert.equal(header('Connection'), undefined);
  });

  it('refreshes itself after Retry-After, in English and Spanish', () => {
    const html = body.toString('utf8');
    assert.match(html, new RegExp(`<meta http-equiv="refresh" content="${header('Retry-After')}">`));
    assert.match(html, /<section lang="en">/);
    assert.match(html, /<section lang="es">/);
  });
});
