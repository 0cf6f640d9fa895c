// The API docs page's model: the OpenAPI document (openapi.ts) read back into rows the template
// shows as tables, plus pretty JSON for examples and schemas. Reads only the document, so the page
// can never say something the document does not.
import { escapeHtml } from '../escape-html.js';
import type { OpenApiDocument } from './openapi.js';

type Json = Record<string, unknown>;

export interface FieldRow {
  name: string;
  type: string;
  /** A component the type refers to (linked on the page). */
  ref?: string;
  required: boolean;
  notes: string[];
  /** Escaped HTML (inlineCodeHtml). */
  descriptionHtml?: string;
}

export interface SchemaView {
  name: string;
  descriptionHtml?: string;
  rows: FieldRow[];
  json: string;
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  descriptionHtml: string;
  needsKey: boolean;
  params: Array<FieldRow & { in: string; example?: string }>;
  body?: { ref: string; exampleSummary: string; example: string };
  responses: Array<{ status: string; descriptionHtml: string; ref?: string; headers: string[]; example?: string }>;
  curl: string;
}

export interface DocsPage {
  title: string;
  version: string;
  descriptionHtml: string;
  server: string;
  authHtml: string;
  operations: OperationView[];
  schemas: SchemaView[];
}

/** Escaped text whose `backticks` become <code>: the document's descriptions use them. */
export function inlineCodeHtml(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const refName = (ref: unknown) => (typeof ref === 'string' ? ref.split('/').pop() : undefined);
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** A readable type: `string`, `RegistrationSummary`, `array of PartyChoice`, `string or null`. */
function typeOf(schema: Json): { type: string; ref?: string } {
  if (schema.$ref) return { type: refName(schema.$ref)!, ref: refName(schema.$ref) };
  const anyOf = schema.anyOf as Json[] | undefined;
  if (anyOf) {
    const parts = anyOf.map(typeOf);
    return { type: parts.map((p) => p.type).join(' or '), ref: parts.find((p) => p.ref)?.ref };
  }
  if (schema.type === 'array') {
    const item = typeOf((schema.items as Json) ?? {});
    return { type: `array of ${item.type}`, ref: item.ref };
  }
  if (schema.const !== undefined) return { type: pretty(schema.const) };
  const base = String(schema.type ?? 'any');
  return { type: schema.format ? `${base} (${String(schema.format)})` : base };
}

/** The constraints worth a reader's eye (long generated patterns of date-times are left out). */
function notesOf(schema: Json): string[] {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) notes.push(`one of ${schema.enum.map((v) => pretty(v)).join(', ')}`);
  if (schema.minLength !== undefined) notes.push(`min length ${String(schema.minLength)}`);
  if (schema.maxLength !== undefined) notes.push(`max length ${String(schema.maxLength)}`);
  if (schema.minimum !== undefined) notes.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined) notes.push(`≤ ${String(schema.maximum)}`);
  if (schema.minItems !== undefined) notes.push(`at least ${String(schema.minItems)}`);
  if (typeof schema.pattern === 'string' && !schema.format) notes.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`default ${pretty(schema.default)}`);
  for (const sub of (schema.anyOf as Json[] | undefined) ?? []) notes.push(...notesOf(sub));
  return notes;
}

function fieldRows(schema: Json, prefix = ''): FieldRow[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows: FieldRow[] = [];
  for (const [name, prop] of Object.entries((schema.properties as Record<string, Json> | undefined) ?? {})) {
    rows.push({
      name: prefix + name,
      ...typeOf(prop),
      required: required.has(name),
      notes: notesOf(prop),
      descriptionHtml: inlineCodeHtml(prop.description as string | undefined),
    });
    // Unnamed nested objects are spelled out in place (named ones have their own table).
    if (prop.type === 'object' && prop.properties) rows.push(...fieldRows(prop, `${prefix}${name}.`));
  }
  return rows;
}

function curl(server: string, path: string, method: string, op: Json, needsKey: boolean): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const filled = path.replace(/\{(\w+)\}/g, (m, name: string) => String(params.find((p) => p.name === name)?.example ?? m));
  const lines = [`curl -X ${method.toUpperCase()} '${server}${filled}'`];
  if (needsKey) lines.push(`  -H 'Authorization: Bearer $ROLLCALL_API_KEY'`);
  const example = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']?.examples as
    Record<string, Json> | undefined;
  if (example?.default) lines.push(`  -H 'Content-Type: application/json'`, `  --data '${JSON.stringify(example.default.value)}'`);
  return lines.join(' \\\n');
}

export function docsPage(doc: OpenApiDocument): DocsPage {
  const server = doc.servers[0]?.url ?? '';
  const operations: OperationView[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, Json]>) {
      const needsKey = Array.isArray(op.security) && op.security.length > 0;
      const body = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'];
      const example = (body?.examples as Record<string, Json> | undefined)?.default;
      operations.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary),
        descriptionHtml: inlineCodeHtml(String(op.description ?? ''))!,
        needsKey,
        params: ((op.parameters as Json[] | undefined) ?? []).map((p) => {
          const schema = p.schema as Json;
          return {
            name: String(p.name),
            in: String(p.in),
            ...typeOf(schema),
            required: p.required === true,
            notes: notesOf(schema),
            descriptionHtml: inlineCodeHtml(p.description as string | undefined),
            example: p.example === undefined ? undefined : String(p.example),
          };
        }),
        body: body
          ? { ref: refName((body.schema as Json).$ref)!, exampleSummary: String(example?.summary ?? ''), example: pretty(example?.value) }
          : undefined,
        responses: Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
          const media = (r.content as Record<string, Json> | undefined)?.['application/json'];
          const example = (media?.examples as Record<string, Json> | undefined)?.default;
          return {
            status,
            descriptionHtml: inlineCodeHtml(String(r.description))!,
            ref: refName((media?.schema as Json | undefined)?.$ref),
            headers: Object.keys((r.headers as Json | undefined) ?? {}),
            example: example ? pretty(example.value) : undefined,
          };
        }),
        curl: curl(server, path, method, op, needsKey),
      });
    }
  }
  const schemes = Object.values(doc.components.securitySchemes);
  return {
    title: doc.info.title,
    version: doc.info.version,
    descriptionHtml: inlineCodeHtml(doc.info.description)!,
    server,
    authHtml: inlineCodeHtml(String(schemes[0]?.description ?? ''))!,
    operations,
    schemas: Object.entries(doc.components.schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, schema]) => ({
        name,
        descriptionHtml: inlineCodeHtml(schema.description as string | undefined),
        rows: fieldRows(schema),
        json: pretty(schema),
      })),
  };
}
