// The requests the conformance test sends, derived from the document alone: the documented
// example, then each kind of bad request the operation's parameters, body and security allow.
// Each case says which status it must get; the test also checks that status is documented and
// that the body matches its schema.
import type { DocOperation, DocParam } from './document.js';
import type { SchemaSet } from './schemas.js';

type Json = Record<string, unknown>;

export interface Req {
  method: DocOperation['method'];
  url: string;
  headers: Record<string, string>;
  /** A JSON body, or raw text sent as application/json. */
  body?: unknown;
  raw?: string;
}

export interface Case {
  name: string;
  req: Req;
  /** Statuses this case may get; 'success' = any documented 2xx. */
  expect: number[] | 'success';
  /** A 422 must name this field in `fields`. */
  names?: string;
  /** Requests sent first, unchecked (to set up a conflict, say). */
  setup?: Req[];
}

export interface Keys {
  /** Partner A: the one whose objects the links give. */
  a: string;
  b: string;
}

/** Values for path parameters, from another operation's documented link (partner A's objects). */
export type LinkValues = Record<string, Record<string, unknown>>;

const INVALID = '!!';
const WRONG_KEY = `rc_${'x'.repeat(40)}`;

export function fillPath(path: string, values: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name])));
}

function url(op: DocOperation, pathValues: Record<string, unknown>, query: Record<string, unknown>): string {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return fillPath(op.path, pathValues) + (qs ? `?${qs}` : '');
}

const byIn = (op: DocOperation, where: DocParam['in']) => op.params.filter((p) => p.in === where);

/** The documented values: a link's value for a path parameter, else the parameter's example. */
export function exampleValues(
  op: DocOperation,
  links: LinkValues,
): { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, string>; fromLinks: boolean } {
  const path: Record<string, unknown> = {};
  let fromLinks = false;
  for (const p of byIn(op, 'path')) {
    const linked = links[op.id]?.[p.name];
    if (linked !== undefined) fromLinks = true;
    path[p.name] = linked ?? p.example;
    if (path[p.name] === undefined) throw new Error(`${op.routeKey}: path parameter ${p.name} has no example and no link gives it a value`);
  }
  const query = Object.fromEntries(
    byIn(op, 'query')
      .filter((p) => p.example !== undefined)
      .map((p) => [p.name, p.example]),
  );
  const header = Object.fromEntries(
    byIn(op, 'header')
      .filter((p) => p.example !== undefined)
      .map((p) => [p.name, String(p.example)]),
  );
  return { path, query, header, fromLinks };
}

/** A value of the same shape that names nothing: one character changed, still valid for the schema. */
function mutate(value: string, valid: (v: string) => boolean): string | undefined {
  for (let i = value.length - 1; i >= 0; i--) {
    for (const c of '0zZq9Q') {
      const candidate = value.slice(0, i) + c + value.slice(i + 1);
      if (candidate !== value && valid(candidate)) return candidate;
    }
  }
  return undefined;
}

export function successCase(op: DocOperation, keys: Keys, links: LinkValues, from: string): Case {
  const v = exampleValues(op, links);
  const headers: Record<string, string> = { 'X-Forwarded-For': from, ...v.header };
  if (op.needsKey) headers.Authorization = `Bearer ${keys.a}`;
  return {
    name: 'the documented example',
    req: { method: op.method, url: url(op, v.path, v.query), headers, body: op.body?.example },
    expect: 'success',
  };
}

/** `components`: the document's components/schemas (a body schema is usually a $ref to one). */
export function errorCases(
  op: DocOperation,
  keys: Keys,
  links: LinkValues,
  schemas: SchemaSet,
  components: Record<string, Json>,
  from: string,
): Case[] {
  const ok = successCase(op, keys, links, from);
  // Optional headers (an idempotency key, say) only on the documented example: a bad request
  // carrying the example's key could meet the example's answer instead of its own.
  for (const p of byIn(op, 'header')) if (!p.required) delete ok.req.headers[p.name];
  const v = exampleValues(op, links);
  const cases: Case[] = [];
  const variant = (name: string, change: Partial<Req>, expect: number[], names?: string) =>
    cases.push({ name, req: { ...ok.req, ...change, headers: { ...ok.req.headers, ...change.headers } }, expect, names });
  const withoutAuth = () => Object.fromEntries(Object.entries(ok.req.headers).filter(([k]) => k !== 'Authorization'));

  if (op.needsKey) {
    cases.push({ name: 'no key', req: { ...ok.req, headers: withoutAuth() }, expect: [401] });
    variant('a wrong key', { headers: { Authorization: `Bearer ${WRONG_KEY}` } }, [401]);
    if (v.fromLinks) variant("another partner's object", { headers: { Authorization: `Bearer ${keys.b}` } }, [404]);
  }

  for (const p of byIn(op, 'path')) {
    const valid = schemas.compile(p.schema);
    if (!valid(INVALID)) variant(`a malformed ${p.name}`, { url: url(op, { ...v.path, [p.name]: INVALID }, v.query) }, [404]);
    const unknown = mutate(String(v.path[p.name]), (c) => valid(c) as boolean);
    if (unknown) variant(`an unknown ${p.name}`, { url: url(op, { ...v.path, [p.name]: unknown }, v.query) }, [404]);
  }

  for (const p of byIn(op, 'query')) {
    if (!schemas.compile(p.schema)(INVALID))
      variant(`a bad ${p.name}`, { url: url(op, v.path, { ...v.query, [p.name]: INVALID }) }, [422], p.name);
  }

  if (op.body) {
    const valid = schemas.compile(op.body.schema);
    const example = op.body.example as Json;
    variant('malformed JSON', { body: undefined, raw: '{"' }, [400]);
    variant('a body over 64 KB', { body: { ...example, padding: 'x'.repeat(70_000) } }, [413]);
    if (!valid({})) variant('an empty object', { body: {} }, [422]);
    const ref = typeof op.body.schema.$ref === 'string' ? op.body.schema.$ref.split('/').pop()! : undefined;
    for (const field of ((ref ? components[ref]?.required : op.body.schema.required) as string[] | undefined) ?? []) {
      const body = Object.fromEntries(Object.entries(example).filter(([k]) => k !== field));
      variant(`without ${field}`, { body }, [422], field);
    }
    if (!valid({ ...example, notAField: 1 })) variant('an unknown field', { body: { ...example, notAField: 1 } }, [422], 'notAField');
  }
  return cases;
}

/** A request with a wrong key from `from`: repeated, it must reach the limit on wrong keys (429). */
export function wrongKeyRequest(op: DocOperation, keys: Keys, links: LinkValues, from: string): Req {
  const ok = successCase(op, keys, links, from);
  return { ...ok.req, headers: { ...ok.req.headers, Authorization: `Bearer ${WRONG_KEY}` } };
}
