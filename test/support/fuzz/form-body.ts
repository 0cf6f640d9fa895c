// A valid form submission, mutated: fields replaced by hostile values (also as raw, malformed
// percent-encodings, or, in a JSON body, values of the wrong type), dropped, duplicated, given
// bracket syntax, unknown fields added; then wrapped in an envelope: urlencoded, JSON, oversized,
// too many parameters, the wrong Content-Type, multipart (well formed or not), a charset or an
// encoding the server does not take. The CSRF token is never touched: the target is the validator.
import fc from 'fast-check';
import { encodeText, garbageJson, hostileKey, hostileText, RAW_ENCODINGS } from './hostile.js';

export type Mutation =
  | { kind: 'replace'; at: number; value: string; typed: unknown }
  | { kind: 'raw'; at: number; raw: string }
  | { kind: 'drop'; at: number }
  | { kind: 'duplicate'; at: number; value: string }
  | { kind: 'bracket'; at: number; suffix: string; value: string }
  | { kind: 'unknown'; key: string; value: string };

export type Envelope =
  | 'form'
  | 'json'
  | 'json-typed'
  | 'oversized'
  | 'too-many'
  | 'text'
  | 'octet'
  | 'multipart'
  | 'bad-multipart'
  | 'bad-json'
  | 'utf16'
  | 'gzip-garbage';

export interface FormCase {
  mutations: Mutation[];
  envelope: Envelope;
}

/** The statuses an envelope must get whatever the route (the parsers answer before any route). */
export const ENVELOPE_STATUS: Partial<Record<Envelope, number>> = {
  oversized: 413,
  'too-many': 413,
  'bad-json': 400,
  utf16: 415,
  'gzip-garbage': 400,
};

/** Envelopes whose fields reach the route's code (with the CSRF token intact). */
export const PARSED: ReadonlySet<Envelope> = new Set(['form', 'json', 'json-typed']);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileText, typed: garbageJson }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), at: fc.nat(), raw: fc.constantFrom(...RAW_ENCODINGS) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), value: hostileText }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('bracket' as const),
      at: fc.nat(),
      suffix: fc.constantFrom('[]', '[0]', '[x]', '[__proto__]', '[constructor][prototype]', '.x'),
      value: hostileText,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('unknown' as const), key: hostileKey, value: hostileText }), weight: 2 },
);

const envelope: fc.Arbitrary<Envelope> = fc.oneof(
  { arbitrary: fc.constant('form' as const), weight: 14 },
  { arbitrary: fc.constantFrom<Envelope>('json', 'json-typed'), weight: 4 },
  {
    arbitrary: fc.constantFrom<Envelope>(
      'oversized',
      'too-many',
      'text',
      'octet',
      'multipart',
      'bad-multipart',
      'bad-json',
      'utf16',
      'gzip-garbage',
    ),
    weight: 3,
  },
);

export const formCase: fc.Arbitrary<FormCase> = fc.record({ mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), envelope });

interface Part {
  /** Percent-encoded key and value, as they go on the wire. */
  key: string;
  value: string;
  /** For JSON bodies: the decoded key path and value. */
  json: { path: string[]; value: unknown };
}

/** What to send: the body text, its headers, and the fields the mutations touched. */
export interface Built {
  body: string | Buffer;
  headers: Record<string, string>;
  touched: string[];
}

/** Applies the mutations to `seed` (which holds a valid _csrf) and wraps the result. */
export function buildBody(seed: Record<string, string>, c: FormCase): Built {
  const names = Object.keys(seed).filter((k) => k !== '_csrf');
  const parts: Part[] = Object.entries(seed).map(([k, v]) => ({ key: encodeText(k), value: encodeText(v), json: { path: [k], value: v } }));
  const touched: string[] = [];
  const typedJson = c.envelope === 'json-typed';
  const partOf = (name: string) => parts.find((p) => p.json.path.length === 1 && p.json.path[0] === name);
  for (const m of c.mutations) {
    const name = names.length && m.kind !== 'unknown' ? names[m.at % names.length]! : undefined;
    switch (m.kind) {
      case 'replace': {
        const p = name && partOf(name);
        if (p) Object.assign(p, { value: encodeText(m.value), json: { path: [name], value: typedJson ? m.typed : m.value } });
        break;
      }
      case 'raw': {
        const p = name && partOf(name);
        if (p) p.value = m.raw;
        break;
      }
      case 'drop': {
        const i = parts.findIndex((p) => p.json.path[0] === name && p.json.path.length === 1);
        if (i >= 0) parts.splice(i, 1);
        break;
      }
      case 'duplicate':
        if (name) parts.push({ key: encodeText(name), value: encodeText(m.value), json: { path: [name], value: m.value } });
        break;
      case 'bracket':
        if (name)
          parts.push({
            key: encodeText(name) + m.suffix,
            value: encodeText(m.value),
            json: { path: [name, m.suffix.replace(/^\W+|\W+$/g, '') || '0'], value: m.value },
          });
        break;
      case 'unknown':
        if (m.key !== '_csrf') parts.push({ key: encodeText(m.key), value: encodeText(m.value), json: { path: [m.key], value: m.value } });
        break;
    }
    if (name) touched.push(name);
  }
  const urlencoded = parts.map((p) => `${p.key}=${p.value}`).join('&');
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  switch (c.envelope) {
    case 'form':
      return { body: urlencoded, headers: form, touched };
    case 'json':
    case 'json-typed':
      return { body: JSON.stringify(toJson(parts)), headers: { 'Content-Type': 'application/json' }, touched };
    case 'oversized':
      return { body: `${urlencoded}&pad=${'A'.repeat(70_000)}`, headers: form, touched };
    case 'too-many':
      return { body: `${urlencoded}&${Array.from({ length: 250 }, (_, i) => `p${i}=1`).join('&')}`, headers: form, touched };
    case 'text':
      return { body: urlencoded, headers: { 'Content-Type': 'text/plain' }, touched };
    case 'octet':
      return { body: Buffer.from(urlencoded), headers: { 'Content-Type': 'application/octet-stream' }, touched };
    case 'multipart': {
      const b = 'fuzzBoundary7MA4YWxkTrZu0gW';
      const body =
        parts
          .map(
            (p) =>
              `--${b}\r\nContent-Disposition: form-data; name="${safeDecode(p.key).replace(/"/g, '%22')}"\r\n\r\n${safeDecode(p.value)}\r\n`,
          )
          .join('') + `--${b}--\r\n`;
      return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${b}` }, touched };
    }
    case 'bad-multipart':
      return {
        body: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${urlencoded}`,
        headers: { 'Content-Type': 'multipart/form-data; boundary=y' },
        touched,
      };
    case 'bad-json':
      return { body: JSON.stringify(toJson(parts)).slice(0, -1) + ',', headers: { 'Content-Type': 'application/json' }, touched };
    case 'utf16':
      return { body: urlencoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-16' }, touched };
    case 'gzip-garbage':
      return {
        body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
        headers: { ...form, 'Content-Encoding': 'gzip' },
        touched,
      };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The parts as a JSON object: repeated keys become arrays, bracket keys nested objects. */
function toJson(parts: Part[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { json } of parts) {
    const [head, sub] = json.path as [string, string | undefined];
    const value = sub === undefined ? json.value : { [sub]: json.value };
    if (Object.prototype.hasOwnProperty.call(out, head)) {
      const prev = out[head];
      out[head] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      Object.defineProperty(out, head, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}
