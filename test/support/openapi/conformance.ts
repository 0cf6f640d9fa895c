// Sends a case and checks the answer against the document: a documented status, the status the
// case expects, a body valid for that status's schema (tightened: no undocumented field), and
// the headers the document marks required. Collects every failure instead of stopping at one.
import type { Express } from 'express';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import request, { type Response } from 'supertest';
import type { Case, Req } from './cases.js';
import { responseSchema, type DocOperation } from './document.js';
import type { SchemaSet } from './schemas.js';

type Json = Record<string, unknown>;

export function send(app: Express, req: Req): Promise<Response> {
  let r = request(app)[req.method](req.url).set(req.headers);
  if (req.raw !== undefined) r = r.set('Content-Type', 'application/json').send(req.raw);
  else if (req.body !== undefined) r = r.send(req.body as object);
  return r;
}

export class Conformance {
  readonly failures: string[] = [];
  /** "operationId status" of every answer seen. */
  readonly seen = new Set<string>();
  checked = 0;
  private readonly validators = new Map<unknown, ValidateFunction>();

  constructor(private readonly answers: SchemaSet) {}

  private validator(schema: unknown): ValidateFunction {
    let v = this.validators.get(schema);
    if (!v) this.validators.set(schema, (v = this.answers.compile(schema)));
    return v;
  }

  async run(app: Express, op: DocOperation, c: Case): Promise<Response> {
    for (const req of c.setup ?? []) await send(app, req);
    const res = await send(app, c.req);
    this.check(op, c, res);
    return res;
  }

  check(op: DocOperation, c: Case, res: Response): void {
    this.checked++;
    const at = `${op.routeKey} (${op.id}), ${c.name}: ${c.req.method.toUpperCase()} ${c.req.url.slice(0, 120)} → ${res.status}`;
    const status = String(res.status);
    const response = op.responses[status];
    const fail = (why: string): void => {
      this.failures.push(`${at}: ${why}${res.body && typeof res.body === 'object' ? ` ${JSON.stringify(res.body).slice(0, 300)}` : ''}`);
    };
    if (!response) return fail(`status not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    this.seen.add(`${op.id} ${status}`);
    const expected = c.expect === 'success' ? res.status >= 200 && res.status < 300 : c.expect.includes(res.status);
    if (!expected) fail(`expected ${c.expect === 'success' ? 'a 2xx' : c.expect.join(' or ')}`);
    const schema = responseSchema(response);
    if (schema) {
      if (!/^application\/json\b/.test(res.headers['content-type'] ?? ''))
        fail(`content-type ${res.headers['content-type']}, documented application/json`);
      const validate = this.validator(schema);
      if (!validate(res.body)) fail(`body does not match the documented schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    for (const [name, header] of Object.entries((response.headers as Record<string, Json> | undefined) ?? {})) {
      const value = res.headers[name.toLowerCase()] as string | undefined;
      if (value === undefined) {
        if (header.required) fail(`required header ${name} missing`);
        continue;
      }
      const validate = this.validator(header.schema);
      if (!validate(value)) fail(`header ${name}: ${JSON.stringify(value)} does not match ${JSON.stringify(header.schema)}`);
    }
    if (c.names) {
      const fields = (res.body?.fields ?? []) as Array<{ path: string }>;
      if (!fields.some((f) => f.path === c.names || f.path.startsWith(`${c.names}.`)))
        fail(`the answer does not name ${c.names} in fields`);
    }
  }
}
