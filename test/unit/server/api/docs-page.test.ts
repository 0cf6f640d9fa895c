// GET /api/docs: the OpenAPI document as a page. Every operation, answer and schema of the
// document is on it (read from the document, so a new one is checked too), in the page's
// language, cacheable; descriptions are escaped; the API keys page links to it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { inlineCodeHtml } from '../../../../server/api/docs-page.js';
import { messagesFor } from '../../../../server/i18n.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { partnerWithUser } from '../../../support/partners.js';
import { operationsOf } from '../../../support/openapi/document.js';

type Json = Record<string, unknown>;

const unescape = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('API docs page', () => {
  let t: TestApp;
  let doc: Json;
  before(async () => {
    t = await makeTestApp();
    doc = (await request(t.app).get('/api/v1/openapi.json')).body as Json;
  });
  after(() => t.close());

  it('shows every operation with its answers and body example, and every schema', async () => {
    const res = await request(t.app).get('/api/docs');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    const sections = res.text.split('<section class="rc-api-op"').slice(1);
    const ops = operationsOf(doc);
    assert.equal(sections.length, ops.length);
    for (const op of ops) {
      const section = sections.find((s) => s.includes(`id="op-${op.id}"`));
      assert.ok(section, `no section for ${op.id}`);
      assert.ok(unescape(section).includes(`${op.method.toUpperCase()} ${op.path}`), `${op.id}: method and path`);
      for (const status of Object.keys(op.responses))
        assert.ok(section.includes(`<th scope="row">${status}</th>`), `${op.id}: answer ${status}`);
      for (const p of op.params) assert.ok(section.includes(`<code>${p.name}</code>`), `${op.id}: parameter ${p.name}`);
      if (op.body) assert.ok(unescape(section).includes(JSON.stringify(op.body.example, null, 2)), `${op.id}: the body example, pretty`);
      for (const [status, response] of Object.entries(op.responses)) {
        const example = (((response.content as Json)['application/json'] as Json).examples as Record<string, Json> | undefined)?.default;
        if (example) assert.ok(unescape(section).includes(JSON.stringify(example.value, null, 2)), `${op.id}: example answer ${status}`);
      }
      assert.ok(
        unescape(section).includes(op.needsKey ? "-H 'Authorization: Bearer $ROLLCALL_API_KEY'" : `curl -X ${op.method.toUpperCase()}`),
        `${op.id}: curl line`,
      );
    }
    for (const name of Object.keys((doc.components as Json).schemas as Json))
      assert.ok(res.text.includes(`id="schema-${name}"`), `schema ${name}`);
    // Every in-page link lands on something.
    for (const [, target] of res.text.matchAll(/href="#([^"]+)"/g)) assert.ok(res.text.includes(`id="${target}"`), `link to #${target}`);
  });

  it('speaks the language asked for; the document stays English', async () => {
    for (const lang of ['en', 'es'] as const) {
      const res = await request(t.app).get(`/api/docs?lang=${lang}`);
      const msg = messagesFor('partner', lang);
      assert.match(res.text, new RegExp(`<html lang="${lang}">`));
      assert.ok(res.text.includes(msg('apiDocs.contents')), lang);
      assert.ok(res.text.includes(`<h1>${String((doc.info as Json).title)}</h1>`));
    }
    assert.notEqual(messagesFor('partner', 'es')('apiDocs.contents'), messagesFor('partner', 'en')('apiDocs.contents'));
  });

  it('escapes the descriptions, and shows their `code` as code', () => {
    assert.equal(inlineCodeHtml('use `a<b>` & <i>x</i>'), 'use <code>a&#60;b&#62;</code> &#38; &#60;i&#62;x&#60;/i&#62;');
    assert.equal(inlineCodeHtml(undefined), undefined);
  });

  it('is linked from the API keys page of the partner portal', async () => {
    const { agent } = await partnerWithUser(t, 'Docs Org', 'docs@example.org');
    const keys = await agent.get('/partner/keys');
    assert.equal(keys.status, 200);
    assert.match(keys.text, /href="\/api\/docs\?lang=en"/);
  });
});
