// ajv (JSON Schema 2020-12, strict) over an OpenAPI document: each component is added under its
// own URI and `#/components/schemas/X` refs are pointed at it, so any schema of the document
// compiles on its own; a $ref that resolves nowhere fails the compile.
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;

const Ajv2020 = Ajv2020Module.default;
const COMPONENT = '#/components/schemas/';
const BASE = 'https://rollcall.test/openapi/schemas/';

const FORMATS = {
  'date-time': (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
  uri: (s: string) => URL.canParse(s),
};

function rewrite(value: unknown, tighten: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, tighten));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT) ? BASE + v.slice(COMPONENT.length) : rewrite(v, tighten);
  // Tightened: an object lists every field it may have, so an answer carrying an undocumented
  // field fails (the published document leaves answers open so fields can be added later).
  if (tighten && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export interface SchemaSet {
  /** Compiles one schema of the document (throws on an unknown keyword, format or an unresolved $ref). */
  compile(schema: unknown): ValidateFunction;
}

/** `tighten`: validate answers strictly (see rewrite). */
export function schemaSet(doc: Json, tighten: boolean): SchemaSet {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, formats: FORMATS });
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema({ ...(rewrite(schema, tighten) as Json), $id: BASE + name });
  return { compile: (schema) => ajv.compile(rewrite(schema, tighten) as Json) };
}

/** A JSON pointer (`#/a/b~1c`) looked up in `root`; undefined when it leads nowhere. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  let node = root;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every `$ref` in the document, with where it is. */
export function refsOf(value: unknown, at = '#'): Array<{ at: string; ref: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsOf(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}
