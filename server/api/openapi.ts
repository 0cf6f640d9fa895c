// The OpenAPI 3.1 document of the partner API, built from the operations table and the zod schemas
// the handlers use (zod's own z.toJSONSchema: JSON Schema 2020-12, OpenAPI 3.1's dialect). Request
// schemas are taken as zod reads input (defaults make a field optional), response schemas as the
// handlers produce output. Schemas named with `.meta({ id })` become components/schemas.
import { z } from 'zod';
import { operations, type HeaderSpec, type OperationSpec, type ResponseSpec } from './operations.js';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const COMPONENT = '#/components/schemas/';
export const SECURITY_SCHEME = 'apiKey';

/** Every named zod schema as JSON Schema, in one direction, refs pointing at components. */
function namedSchemas(io: Io): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'throw',
    uri: (id) => COMPONENT + id,
    // zod marks every output object closed; only strict ones are (new fields may appear in answers).
    override: ({ zodSchema, jsonSchema }) => {
      const def = (zodSchema as unknown as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
      if (io === 'output' && def.type === 'object' && def.catchall === undefined) delete jsonSchema.additionalProperties;
    },
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, $schema: _schema, ...rest }]) => [id, rest as Json]));
}

/** One schema, inline (parameters, headers: plain values). */
function inline(schema: z.ZodType, io: Io): Json {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as Json;
  return rest;
}

function nameOf(schema: z.ZodType, where: string): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error(`${where}: the schema has no name; give it .meta({ id: 'Name' }) so the document can refer to it`);
  return id;
}

function refsIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT)) out.add(v.slice(COMPONENT.length));
      else refsIn(v, out);
    }
  }
  return out;
}

/** components/schemas: the named schemas the operations use, and those they refer to. */
class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly sides = { input: namedSchemas('input'), output: namedSchemas('output') };

  ref(schema: z.ZodType, io: Io, where: string): Json {
    const name = nameOf(schema, where);
    this.add(name, io);
    return { $ref: COMPONENT + name };
  }

  private add(name: string, io: Io): void {
    const schema = this.sides[io][name];
    if (!schema) throw new Error(`no schema named ${name}`);
    const known = this.schemas[name];
    if (known) {
      // One name, one shape: a schema read both ways must look the same both ways.
      if (JSON.stringify(known) !== JSON.stringify(schema))
        throw new Error(`${name} differs as request and as response: give the two uses different ids`);
      return;
    }
    this.schemas[name] = schema;
    for (const dep of refsIn(schema, new Set())) this.add(dep, io);
  }
}

function parameters(op: OperationSpec, where: string): Json[] {
  const out: Json[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const obj = op.params?.[location];
    if (!obj) continue;
    const js = inline(obj, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, { description, ...schema }] of Object.entries(js.properties ?? {})) {
      const examples = schema.examples as unknown[] | undefined;
      out.push({
        name,
        in: location,
        required: location === 'path' || (js.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema,
        ...(examples?.length ? { example: examples[0] } : {}),
      });
    }
  }
  const declared = out.filter((p) => p.in === 'path').map((p) => p.name);
  const templated = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (JSON.stringify(declared.sort()) !== JSON.stringify(templated.sort()))
    throw new Error(`${where}: path parameters ${declared.join(',')} do not match the template ${op.path}`);
  return out;
}

function headers(specs: Record<string, HeaderSpec>): Json {
  return Object.fromEntries(
    Object.entries(specs).map(([name, h]) => [
      name,
      { description: h.description, required: h.required ?? false, schema: inline(h.schema, 'output') },
    ]),
  );
}

function response(spec: ResponseSpec, components: Components, where: string): Json {
  return {
    description: spec.description,
    ...(spec.headers ? { headers: headers(spec.headers) } : {}),
    content: {
      'application/json': {
        schema: components.ref(spec.schema, 'output', where),
        ...(spec.example !== undefined ? { examples: { default: { value: spec.example } } } : {}),
      },
    },
    ...(spec.links ? { links: spec.links } : {}),
  };
}

function operation(operationId: string, op: OperationSpec, components: Components): Json {
  const where = `${op.method.toUpperCase()} ${op.path}`;
  const params = parameters(op, where);
  return {
    operationId,
    summary: op.summary,
    description: op.description,
    security: op.auth === 'bearer' ? [{ [SECURITY_SCHEME]: [] }] : [],
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: components.ref(op.body.schema, 'input', where),
                examples: { default: { summary: op.body.exampleSummary, value: op.body.example } },
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, spec]) => [status, response(spec, components, `${where} ${status}`)]),
    ),
  };
}

// (a type, not an interface: the reply() check needs its implicit index signature)
export type OpenApiDocument = {
  openapi: string;
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

export function buildOpenApiDocument(baseUrl: string, table: Record<string, OperationSpec> = operations): OpenApiDocument {
  const components = new Components();
  const paths: Record<string, Record<string, Json>> = {};
  for (const [operationId, op] of Object.entries(table)) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is in the table twice`);
    item[op.method] = operation(operationId, op, components);
  }
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Rollcall partner API',
      version: '1',
      description:
        'Submit complete voter registrations (each becomes a filled National Mail Voter Registration Form PDF), follow them, list yours, and read the rules of every state. JSON in and out. Errors always have the `Error` body. Answers may gain fields over time: ignore those you do not know.',
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key from the partner portal (API keys page) or `rollcall partner create`, sent as `Authorization: Bearer <key>`. Rollcall stores only a hash; a revoked key is refused at once.',
        },
      },
    },
  };
}
