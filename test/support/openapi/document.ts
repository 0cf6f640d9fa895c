// The operations of an OpenAPI document, read into one shape the conformance test walks.
type Json = Record<string, unknown>;

export interface DocParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
  example?: unknown;
}

export interface DocOperation {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** "GET /api/v1/registrations/:id", as the express router names the route. */
  routeKey: string;
  needsKey: boolean;
  params: DocParam[];
  body?: { schema: Json; example: unknown };
  /** Status → response object. */
  responses: Record<string, Json>;
  /** Where the operation sits in the document, as a JSON pointer. */
  pointer: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function operationsOf(doc: Json): DocOperation[] {
  const out: DocOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const media = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'];
      const example = (media?.examples as Record<string, Json> | undefined)?.default?.value;
      out.push({
        id: String(op.operationId),
        method,
        path,
        routeKey: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        needsKey: Array.isArray(op.security) && op.security.length > 0,
        params: ((op.parameters as DocParam[] | undefined) ?? []).map((p) => ({ ...p })),
        body: media ? { schema: media.schema as Json, example } : undefined,
        responses: op.responses as Record<string, Json>,
        pointer: `#/paths/${escape(path)}/${method}`,
      });
    }
  }
  return out;
}

/** The JSON schema of one answer, or undefined when it has no JSON body. */
export function responseSchema(response: Json): Json | undefined {
  return ((response.content as Record<string, Json> | undefined)?.['application/json'] as Json | undefined)?.schema as Json | undefined;
}
