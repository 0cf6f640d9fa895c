// Properties of the bearer-key API. POST /api/v1/registrations: generated JSON (wrong types, null,
// nested garbage, huge strings and arrays, deep nesting, prototype-pollution keys, duplicate keys
// in the raw text, malformed JSON, wrong content types, oversized bodies): never a 5xx; a 4xx is
// JSON and a 422 names fields of the request; a 201 is stored exactly as sent and passes the same
// validation when read back; the prototype of every object stays clean. GET /api/v1/registrations:
// garbage since/until/cursor/limit never 5xx, and a 200 lists only the caller's registrations.
import assert from 'node:assert/strict';
import querystring from 'node:querystring';
import fc from 'fast-check';
import request from 'supertest';
import { createRegistrationBody, listRegistrationsQuery, registrationList } from '../../../server/api/schemas.js';
import { parseAnswers, searchableColumns } from '../../../server/registrations/registration-records.js';
import { stateOfAnswers, validateComplete } from '../../../server/registrations/validate.js';
import { box6Text, idAnswerOf, type IdType } from '../../../server/states/index.js';
import { apiRegistration } from '../security/route-table.js';
import type { World } from '../security/world.js';
import { buildBody, formCase } from './form-body.js';
import { garbageJson, hostileKey, hostileText } from './hostile.js';
import { jsonFieldProblem } from './named-field.js';
import { checkProperty, type Tally } from './runs.js';

const POST_ROUTE = 'POST /api/v1/registrations';
const LIST_ROUTE = 'GET /api/v1/registrations';

/** Every field path of the body, optional ones included. */
const PATHS = [
  ...Object.keys(createRegistrationBody.shape).map((k) => [k]),
  ...['street', 'unit', 'city', 'state', 'zip'].flatMap((f) => ['homeAddress', 'mailingAddress', 'previousAddress'].map((a) => [a, f])),
  ...['title', 'firstName', 'middleName', 'lastName', 'suffix'].map((f) => ['previousName', f]),
];

type ApiMutation =
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'text'; path: string[]; value: string }
  | { kind: 'delete'; path: string[] }
  | { kind: 'unknown'; nested: boolean; key: string; value: unknown };
type ApiEnvelope =
  'json' | 'duplicate-key' | 'pollute' | 'malformed' | 'oversized' | 'text-plain' | 'urlencoded' | 'top-level' | 'charset' | 'deep';

const path = fc.constantFrom(...PATHS);
const apiMutation: fc.Arbitrary<ApiMutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), path, value: garbageJson }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('text' as const), path, value: hostileText }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('unknown' as const), nested: fc.boolean(), key: hostileKey, value: garbageJson }), weight: 1 },
);
const apiEnvelope: fc.Arbitrary<ApiEnvelope> = fc.oneof(
  { arbitrary: fc.constant('json' as const), weight: 12 },
  { arbitrary: fc.constantFrom<ApiEnvelope>('duplicate-key', 'pollute'), weight: 3 },
  {
    arbitrary: fc.constantFrom<ApiEnvelope>('malformed', 'oversized', 'text-plain', 'urlencoded', 'top-level', 'charset', 'deep'),
    weight: 3,
  },
);
interface ApiCase {
  mutations: ApiMutation[];
  envelope: ApiEnvelope;
  extra: unknown;
  malformed: string;
}
const apiCase: fc.Arbitrary<ApiCase> = fc.record({
  mutations: fc.array(apiMutation, { maxLength: 3 }),
  envelope: apiEnvelope,
  extra: garbageJson,
  malformed: fc.constantFrom('{', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":1}//', '{"a":"\\x"}', '{"a":"\\ud800"', 'nul'),
});

const EXPECTED: Partial<Record<ApiEnvelope, number[]>> = {
  malformed: [400],
  oversized: [413],
  // A body that is not JSON is refused before the operation reads it (api/api-envelope.ts).
  'text-plain': [415],
  urlencoded: [415],
  'top-level': [400, 422],
  charset: [415],
  deep: [400, 413, 422],
};

function setPath(obj: Record<string, unknown>, p: string[], value: unknown): void {
  const [head, sub] = p as [string, string | undefined];
  if (sub === undefined) obj[head] = value;
  else {
    const inner = obj[head];
    obj[head] = {
      ...(inner && typeof inner === 'object' && !Array.isArray(inner)
        ? inner
        : { street: '1 A St', city: 'Sacramento', state: 'CA', zip: '95814', firstName: 'Old', lastName: 'Name' }),
      [sub]: value,
    };
  }
}

function deletePath(obj: Record<string, unknown>, p: string[]): void {
  const [head, sub] = p as [string, string | undefined];
  if (sub === undefined) delete obj[head];
  else if (obj[head] && typeof obj[head] === 'object') delete (obj[head] as Record<string, unknown>)[sub];
}

/** The raw body text and content type for a case. */
function bodyOf(c: ApiCase): { text: string; type: string } {
  const obj = apiRegistration();
  for (const m of c.mutations) {
    if (m.kind === 'set' || m.kind === 'text') setPath(obj, m.path, m.value);
    else if (m.kind === 'delete') deletePath(obj, m.path);
    else if (m.nested) obj.homeAddress = { ...(obj.homeAddress as object), [m.key]: m.value };
    else Object.defineProperty(obj, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  const json = JSON.stringify(obj);
  switch (c.envelope) {
    case 'json':
      return { text: json, type: 'application/json' };
    case 'duplicate-key':
      // The same key twice in the text: the parser keeps one (the last); what is stored must be that one.
      return { text: `${json.slice(0, -1)},"firstName":${JSON.stringify(c.extra)},"attest":true}`, type: 'application/json' };
    case 'pollute':
      return {
        text: `${json.slice(0, -1)},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`,
        type: 'application/json',
      };
    case 'malformed':
      return { text: c.malformed, type: 'application/json' };
    case 'oversized':
      return { text: JSON.stringify({ ...obj, firstName: 'A'.repeat(70_000) }), type: 'application/json' };
    case 'text-plain':
      return { text: json, type: 'text/plain' };
    case 'urlencoded':
      return {
        text: new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)])).toString(),
        type: 'application/x-www-form-urlencoded',
      };
    case 'top-level':
      return {
        text: JSON.stringify(c.extra === null || typeof c.extra !== 'object' ? (c.extra ?? null) : [c.extra]),
        type: 'application/json',
      };
    case 'charset':
      return { text: json, type: 'application/json; charset=latin1' };
    case 'deep':
      // 20,000 levels, written as text (JSON.stringify itself would overflow the stack); the last key wins.
      return { text: `${json.slice(0, -1)},"homeAddress":${'['.repeat(20_000)}"deep"${']'.repeat(20_000)}}`, type: 'application/json' };
  }
}

/** Nothing reached Object.prototype. */
function assertPrototypeClean(what: string): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${what}: Object.prototype was polluted`);
  assert.deepEqual(
    Object.getOwnPropertyNames(Object.prototype).filter((k) => k === 'polluted'),
    [],
  );
}

export async function fuzzApiCreate(w: World, tally: Tally): Promise<void> {
  await checkProperty(
    fc.asyncProperty(apiCase, async (c) => {
      await w.t.ctx.db('rate_limits').del();
      const { text, type } = bodyOf(c);
      const res = await request(w.t.app)
        .post('/api/v1/registrations')
        .set({ Authorization: `Bearer ${w.a.apiKey}`, 'Content-Type': type })
        .send(text);
      tally.count(POST_ROUTE);
      const what = `${c.envelope} body ${text.slice(0, 200)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      assertPrototypeClean(what);
      assert.ok(res.status < 500, what);
      if (EXPECTED[c.envelope])
        assert.ok(EXPECTED[c.envelope]!.includes(res.status), `${what}: expected ${EXPECTED[c.envelope]!.join(' or ')}`);
      if (res.status >= 400) {
        assert.match(res.headers['content-type'] ?? '', /^application\/json/, what);
        assert.equal(typeof res.body.error, 'string', what);
      }
      if (res.status === 422) {
        const sent = safeParse(text);
        const known = new Set([
          ...Object.keys(createRegistrationBody.shape),
          ...(sent && typeof sent === 'object' ? Object.keys(sent) : []),
        ]);
        assert.equal(jsonFieldProblem(res.body, known), null, what);
      }
      if (res.status === 201)
        await checkStored(
          w,
          safeParse(text) as Record<string, unknown>,
          res.body as { id: string; status: string; statusUrl: string },
          res.headers.location,
          what,
        );
    }),
    10,
    6,
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A 201: the row holds exactly what the server parsed, validates again, and the API reads it back the same. */
async function checkStored(
  w: World,
  sent: Record<string, unknown>,
  answer: { id: string; status: string; statusUrl: string },
  location: string | undefined,
  what: string,
): Promise<void> {
  const ctx = w.t.ctx;
  assert.equal(answer.status, 'accepted', what);
  assert.equal(location, `/api/v1/registrations/${answer.id}`, what);
  const row = await ctx.registrations.service.store.byUid(answer.id);
  assert.ok(row, `${what}: the 201 registration is not in the database`);
  assert.equal(row.partner_id, w.a.id);
  assert.equal(row.channel, 'api');
  const { lang = 'en', idNumber, source, tracking, ...fields } = sent;
  const answers = parseAnswers(row);
  // Box 6 is stored as the state expects it, with its type (sent, or inferred from the number) in the answers.
  const state = stateOfAnswers(answers)!;
  const id = idAnswerOf(state, fields.idType as IdType | undefined, idNumber as string);
  assert.deepEqual(
    answers,
    JSON.parse(JSON.stringify({ ...fields, zip: (fields.homeAddress as { zip: string }).zip, idType: id.type })),
    `${what}: the stored answers differ from the request`,
  );
  assert.equal(row.lang, lang);
  assert.equal(ctx.registrations.service.idNumberOf(row), box6Text(id), `${what}: the stored ID number differs`);
  assert.equal(row.source, source ?? null);
  assert.equal(row.tracking, tracking ?? null);
  assert.deepEqual(
    validateComplete(answers, { now: ctx.clock.now(), idNumber: ctx.registrations.service.idNumberOf(row) }),
    [],
    `${what}: the stored registration fails validation when read back`,
  );
  const columns = searchableColumns(answers, stateOfAnswers(answers)?.code ?? null);
  for (const [k, v] of Object.entries(columns)) assert.equal(row[k as keyof typeof row], v, `${what}: column ${k}`);
  const read = await request(w.t.app).get(`/api/v1/registrations/${answer.id}`).set('Authorization', `Bearer ${w.a.apiKey}`);
  assert.equal(read.status, 200, what);
  assert.equal(read.body.id, answer.id);
  assert.equal(read.body.status, 'accepted');
  assert.equal(
    (await request(w.t.app).get(`/api/v1/registrations/${answer.id}`).set('Authorization', `Bearer ${w.b.apiKey}`)).status,
    404,
    'another partner cannot read it',
  );
}

export async function fuzzApiList(w: World, tally: Tally): Promise<void> {
  const first = await request(w.t.app).get('/api/v1/registrations?limit=1').set('Authorization', `Bearer ${w.a.apiKey}`);
  const seed = { since: '2026-01-01T00:00:00Z', until: '2027-01-01T00:00:00.000+02:00', limit: '2', cursor: first.body.nextCursor ?? 'MQ' };
  const own = new Set(
    ((await w.t.ctx.db('registrations').where({ partner_id: w.a.id }).select('uid')) as Array<{ uid: string }>).map((r) => r.uid),
  );
  await checkProperty(
    fc.asyncProperty(formCase, async (c) => {
      await w.t.ctx.db('rate_limits').del();
      const qs = buildBody(seed, { ...c, envelope: 'form' }).body as string;
      const res = await request(w.t.app).get(`/api/v1/registrations?${qs}`).set('Authorization', `Bearer ${w.a.apiKey}`);
      tally.count(LIST_ROUTE);
      const what = `?${qs.slice(0, 300)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      assert.ok(res.status < 500, what);
      if (res.status === 200) {
        const list = registrationList.parse(res.body);
        for (const r of list.data)
          assert.ok(
            own.has(r.id) || (await w.t.ctx.registrations.service.store.byUid(r.id))?.partner_id === w.a.id,
            `${what}: lists another partner's registration`,
          );
      } else if (res.status === 422) {
        const known = new Set([...Object.keys(listRegistrationsQuery.shape), ...Object.keys(querystring.parse(qs))]);
        assert.equal(jsonFieldProblem(res.body, known), null, what);
      } else
        assert.equal(
          res.status,
          431,
          `${what}: a list query answers 200, 422, or 431 (node's 16 KB limit on the request line and headers)`,
        );
    }),
    5,
    3,
  );
}
