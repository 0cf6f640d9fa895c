// A form posted in a body no parser reads (multipart, text/plain, octet-stream) reaches the
// route as "no fields": refused for its missing CSRF token (403), never a 500 (fuzz finding).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

describe('form bodies no parser reads', () => {
  let t: TestApp;
  let s: VoterSession;
  before(async () => {
    t = await makeTestApp();
    s = new VoterSession(t.app);
    await s.start();
  });
  after(() => t.close());

  const bodies: Array<[string, string]> = [
    ['multipart/form-data; boundary=y', '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nnot closed'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="lang"\r\n\r\nen\r\n--b--\r\n'],
    ['text/plain', 'lang=en'],
    ['application/octet-stream', 'lang=en'],
  ];

  it('answers 403 on the start form, a voter step and the sign-in forms, with the token sent as a part', async () => {
    const csrf = csrfOf((await s.get('eligibility')).text);
    for (const url of ['/register', `/r/${s.token}/eligibility`, '/partner/login', '/admin/login', '/partner/password/forgot']) {
      for (const [type, body] of [
        ...bodies,
        ['multipart/form-data; boundary=b', `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--b--\r\n`] as [
          string,
          string,
        ],
      ]) {
        const res = await request(t.app).post(url).set('Content-Type', type).send(body);
        assert.equal(res.status, 403, `${url} with ${type}: ${res.status}`);
      }
    }
  });
});
