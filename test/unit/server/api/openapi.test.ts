// The OpenAPI document (GET /api/v1/openapi.json) is valid OpenAPI 3.1, covers exactly the API's
// routes, and the app answers as it says. Driven by the document alone: a new operation, parameter,
// body field or answer is exercised with no change here (see docs/api.md, "The conformance test").
// Runs on PostgreSQL too (TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { holdOneSlot } from '../../../support/hold-slot.js';
import { enumerateRoutes } from '../../../support/security/route-table.js';
import { errorCases, successCase, wrongKeyRequest, type Case, type Keys, type LinkValues } from '../../../support/openapi/cases.js';
import { Conformance, send } from '../../../support/openapi/conformance.js';
import { operationsOf, responseSchema, type DocOperation } from '../../../support/openapi/document.js';
import { refsOf, resolvePointer, schemaSet } from '../../../support/openapi/schemas.js';

type Json = Record<string, unknown>;

/**
 * Cases only one operation has, by operationId, built from its documented example (`ok`). An
 * answer no generic case provokes (a 409 for a reused Idempotency-Key, say) gets one here:
 *   createRegistration: (ok) => [{ ...ok, name: 'a key reused with another body', setup: [ok.req],
 *     req: { ...ok.req, body: { ...(ok.req.body as object), tracking: 'other' } }, expect: [409] }],
 */
const SPECIFIC_CASES: Record<string, (ok: Case) => Case[]> = {};

/** Documented answers no request can provoke in this test, each with the reason. */
const NOT_PROVOKED: Record<string, string> = {};

/** Each operation's requests come from their own address, so wrong-key limits do not mix. */
const addressOf = (i: number, kind: number) => `203.0.113.${i * 4 + kind + 1}`;

describe('OpenAPI document: valid, complete, and the API answers as it says', { timeout: 240_000 }, () => {
  let t: TestApp;
  let doc: Json;
  let ops: DocOperation[];
  let keys: Keys;
  const links: LinkValues = {};
  let conformance: Conformance;

  before(async () => {
    t = await makeTestApp();
    keys = {
      a: (await t.ctx.partners.store.create('Partner A', null)).apiKey,
      b: (await t.ctx.partners.store.create('Partner B', null)).apiKey,
    };
    const res = await request(t.app).get('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    doc = res.body as Json;
    ops = operationsOf(doc);
    conformance = new Conformance(schemaSet(doc, true));
  });
  after(() => t.close());

  it('is an OpenAPI 3.1 document: info, unique operationIds, parameters matching their path templates, known security schemes and link targets', () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const info = doc.info as Json;
    assert.equal(typeof info.title, 'string');
    assert.equal(typeof info.version, 'string');
    assert.ok(ops.length >= 6, `only ${ops.length} operations`);
    const ids = ops.map((o) => o.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'duplicate operationIds',
    );
    const schemes = (doc.components as Json).securitySchemes as Record<string, Json>;
    for (const [name, scheme] of Object.entries(schemes))
      assert.ok(scheme.type === 'http' && scheme.scheme === 'bearer', `${name}: an http bearer scheme`);
    for (const op of ops) {
      const raw = resolvePointer(doc, op.pointer) as Json;
      for (const requirement of (raw.security as Json[] | undefined) ?? [])
        for (const name of Object.keys(requirement)) assert.ok(schemes[name], `${op.id}: unknown security scheme ${name}`);
      assert.ok(op.path.startsWith('/'), op.path);
      const templated = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(
        op.params
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort(),
        templated,
        `${op.id}: path parameters`,
      );
      for (const p of op.params) {
        assert.ok(['path', 'query', 'header', 'cookie'].includes(p.in), `${op.id}: ${p.name} in ${p.in}`);
        if (p.in === 'path') assert.equal(p.required, true, `${op.id}: path parameter ${p.name} must be required`);
      }
      const keysOf = op.params.map((p) => `${p.in}:${p.name}`);
      assert.equal(new Set(keysOf).size, keysOf.length, `${op.id}: a parameter listed twice`);
      assert.ok(Object.keys(op.responses).length > 0, `${op.id}: no responses`);
      for (const [status, response] of Object.entries(op.responses)) {
        assert.match(status, /^[1-5]\d\d$/, `${op.id}: status ${status}`);
        assert.equal(typeof response.description, 'string', `${op.id} ${status}: description`);
        assert.ok(responseSchema(response), `${op.id} ${status}: every answer has a JSON schema`);
        for (const [name, link] of Object.entries((response.links as Record<string, Json> | undefined) ?? {})) {
          const target = ops.find((o) => o.id === link.operationId);
          assert.ok(target, `${op.id} ${status}: link ${name} to unknown operation ${String(link.operationId)}`);
          for (const param of Object.keys(link.parameters as Json))
            assert.ok(
              target.params.some((p) => p.name === param),
              `${op.id} ${status}: link ${name} sets unknown parameter ${param}`,
            );
        }
      }
    }
  });

  it('resolves every $ref, compiles every schema (ajv, JSON Schema 2020-12, strict), and its examples are valid', () => {
    const refs = refsOf(doc);
    assert.ok(refs.length > 20, `only ${refs.length} $refs`);
    for (const { at, ref } of refs)
      assert.ok(ref.startsWith('#/') && resolvePointer(doc, ref) !== undefined, `${at}: $ref ${ref} resolves nowhere`);
    const schemas = schemaSet(doc, false);
    const answers = schemaSet(doc, true);
    const components = (doc.components as Json).schemas as Record<string, Json>;
    for (const name of Object.keys(components)) schemas.compile({ $ref: `#/components/schemas/${name}` });
    let examples = 0;
    for (const op of ops) {
      for (const p of op.params) {
        const validate = schemas.compile(p.schema);
        if (p.example !== undefined) {
          examples++;
          assert.ok(validate(p.example), `${op.id}: example of ${p.name}: ${JSON.stringify(validate.errors)}`);
        }
      }
      if (op.body) {
        const validate = schemas.compile(op.body.schema);
        assert.notEqual(op.body.example, undefined, `${op.id}: the request body needs an example`);
        assert.ok(validate(op.body.example), `${op.id}: body example: ${JSON.stringify(validate.errors)}`);
        examples++;
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const validate = answers.compile(responseSchema(response));
        const example = (
          ((response.content as Record<string, Json>)['application/json'] as Json).examples as Record<string, Json> | undefined
        )?.default;
        if (example) {
          examples++;
          assert.ok(validate(example.value), `${op.id} ${status}: example answer: ${JSON.stringify(validate.errors)}`);
        }
        for (const [name, header] of Object.entries((response.headers as Record<string, Json> | undefined) ?? {}))
          assert.doesNotThrow(() => schemas.compile(header.schema), `${op.id} ${status} header ${name}`);
      }
    }
    assert.ok(examples >= 10, `only ${examples} examples checked`);
  });

  it('documents exactly the /api/v1 routes the router answers', () => {
    const routed = enumerateRoutes(t.app)
      .filter((r) => r.path.startsWith('/api/v1/') || r.path === '/api/v1')
      .map((r) => `${r.method} ${r.path}`);
    const documented = ops.map((o) => o.routeKey);
    assert.deepEqual(
      routed.filter((r) => !documented.includes(r)),
      [],
      'routes the document does not describe: add them to server/api/operations.ts',
    );
    assert.deepEqual(
      documented.filter((d) => !routed.includes(d)),
      [],
      'documented operations the router does not answer',
    );
  });

  it("answers every operation as documented: the examples, no key, a wrong key, bad parameters and bodies, unknown and other partners' objects, too many wrong keys", async () => {
    // Operations whose answers link to others first, so the linked values (partner A's objects) exist.
    const ordered = [...ops].sort((x, y) => Number(hasLinks(y)) - Number(hasLinks(x)));
    for (const [i, op] of ordered.entries()) {
      const c = successCase(op, keys, links, addressOf(i, 0));
      const res = await conformance.run(t.app, op, c);
      for (const link of Object.values(linksOf(op, res.status))) {
        for (const [param, expression] of Object.entries(link.parameters)) {
          const pointer = /^\$response\.body(#.*)$/.exec(expression)?.[1];
          assert.ok(pointer, `${op.id}: link expression ${expression} (only $response.body#/… is supported here)`);
          (links[link.operationId] ??= {})[param] = resolvePointer(res.body, pointer);
        }
      }
    }
    let cases = 0;
    for (const [i, op] of ordered.entries()) {
      const specific = SPECIFIC_CASES[op.id]?.(successCase(op, keys, links, addressOf(i, 1))) ?? [];
      for (const c of [
        ...errorCases(op, keys, links, schemaSet(doc, false), (doc.components as Json).schemas as Record<string, Json>, addressOf(i, 1)),
        ...specific,
      ]) {
        await conformance.run(t.app, op, c);
        cases++;
      }
    }
    // Once the PDFs exist, the answers that carry them (pdf_ready, links) are checked too.
    await t.ctx.jobs.runner.drain();
    for (const [i, op] of ordered.entries()) await conformance.run(t.app, op, successCase(op, keys, links, addressOf(i, 2)));
    for (const [i, op] of ordered.filter((o) => o.needsKey).entries()) {
      const req = wrongKeyRequest(op, keys, links, addressOf(i, 3));
      let last = 0;
      for (let n = 0; n < 100 && last !== 429; n++)
        last = (await conformance.run(t.app, op, { name: `wrong key #${n + 1}`, req, expect: [401, 429] })).status;
      assert.equal(last, 429, `${op.id}: wrong keys from one address never reached the limit`);
      cases++;
    }
    assert.ok(cases >= 25, `only ${cases} error cases`);
    assert.deepEqual(conformance.failures, []);
  });

  it('answers 503 as documented while the server sheds load', async () => {
    // One slot, held by a PDF download waiting on storage that hangs (support/hold-slot.ts).
    const busy = await makeTestApp({ env: { MAX_IN_FLIGHT: '1' }, storageOptions: { callDeadlineMs: 60_000 } });
    const server = http.createServer(busy.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const release = await holdOneSlot(busy, server);
    try {
      const shedding = (await send(busy.app, { method: 'get', url: '/api/v1/states', headers: {} })).status === 503;
      assert.ok(shedding, 'the held request never filled the one slot');
      const earlier = conformance.failures.length;
      for (const op of ops)
        await conformance.run(busy.app, op, {
          ...successCase(op, keys, links, '198.51.100.1'),
          name: 'while shedding load',
          expect: [503],
        });
      assert.deepEqual(conformance.failures.slice(earlier), []);
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await busy.close();
    }
  });

  it('has seen every documented answer of every operation', () => {
    const documented = ops.flatMap((op) => Object.keys(op.responses).map((status) => `${op.id} ${status}`));
    const missing = documented.filter((k) => !conformance.seen.has(k) && !NOT_PROVOKED[k]);
    assert.deepEqual(
      missing,
      [],
      'documented answers no request provoked: add a case (SPECIFIC_CASES, or a generic one in support/cases.ts) or a reason to NOT_PROVOKED',
    );
    assert.ok(conformance.checked > 60, `only ${conformance.checked} answers checked`);
  });
});

function hasLinks(op: DocOperation): boolean {
  return Object.values(op.responses).some((r) => r.links);
}

function linksOf(op: DocOperation, status: number): Record<string, { operationId: string; parameters: Record<string, string> }> {
  return (op.responses[String(status)]?.links ?? {}) as Record<string, { operationId: string; parameters: Record<string, string> }>;
}
