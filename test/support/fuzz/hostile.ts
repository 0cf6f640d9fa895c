// Generated hostile input: the text a fuzzed field receives, the keys added to a body, the raw
// (possibly malformed) percent-encodings of a urlencoded body, and garbage JSON values.
import fc from 'fast-check';

/** Strings that broke some web app once: empties, controls, odd unicode, markup, SQL, templates. */
export const NASTY = [
  '',
  ' ',
  '   \t ',
  '\n',
  '\r\n',
  '\u0000',
  'Ana\u0000Lu',
  '\u0007\u001b[31m',
  '\u007f\u0085\u009f',
  '\ud800',
  '\udfff',
  'a\udc00b',
  '\u202eevil\u202c',
  '\u2066x\u2069',
  '\u2028\u2029',
  '\u200b',
  'Ana\u200dLu',
  '\ufeff',
  '\uffff',
  'Nu\u0303n\u0303ez',
  'e\u0301\u0301\u0301\u0301\u0301',
  'ǅemal İstanbul',
  'ＡＮＡ',
  '👩‍👩‍👧‍👦',
  '🇺🇸',
  '山田',
  'مرحبا',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "O'Brien",
  "' OR '1'='1' --",
  '"; DROP TABLE registrations; --',
  '1; SELECT pg_sleep(5)',
  '%s%s%n%x',
  '${7*7}',
  '{{7*7}}',
  '{% raw %}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '0',
  '1e309',
  '0x10',
  '99999999999999999999999',
  '[]',
  '{}',
  'yes',
  'no',
  'en',
  'es',
  'NONE',
  'https://evil.example/',
  'javascript:alert(1)',
  'a@b.c',
  '95814',
  '00000',
  'CA',
  'ZZ',
];

/** Percent-encodings a browser never sends: truncated, not hex, invalid UTF-8, a surrogate encoded. */
export const RAW_ENCODINGS = [
  '%',
  '%z',
  '%zz',
  '%ff%fe',
  '%ed%a0%80',
  '%c0%af',
  '%e2%82',
  '%00',
  '+%2B+',
  '%25%',
  '&',
  '=',
  '==',
  '%3D%26',
  '\u0000',
];

/** One character repeated past a field's limit (and some past the 64 KB body limit). */
export const hugeText = fc
  .tuple(fc.constantFrom('A', 'é', 'e\u0301', '😀', ' ', '<', '\u0000', '9'), fc.constantFrom(51, 101, 255, 1001, 4000, 21_000))
  .map(([c, n]) => c.repeat(n));

/** A hostile text value: mostly the list above and generated unicode, sometimes huge. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY)).map(([a, b, c]) => a + b + c),
    weight: 2,
  },
  { arbitrary: fc.oneof(fc.integer().map(String), fc.double().map(String), fc.bigInt().map(String)), weight: 1 },
  { arbitrary: hugeText, weight: 1 },
);

/** Names of fields no form has, and names that try the parsers' edges. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '__proto__[polluted]',
    'constructor[prototype][polluted]',
    'polluted',
    'hasOwnProperty',
    'toString',
    '_lang',
    'from',
    'next',
    'lang',
    'a.b.c',
    'x[]',
    '',
    ' ',
    '\u0000',
    'homeAddress',
    'homeAddress.street.x',
    '📝',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
);

/** Any JSON value, nested garbage included. */
export const garbageJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53 + 1, '', [], {}), weight: 4 },
  { arbitrary: hostileText, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.array(hostileText, { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.constantFrom(200, 2_000).map((n) => Array.from({ length: n }, () => 'x')), weight: 1 },
  { arbitrary: fc.constantFrom(50, 1_000).map((depth) => nest(depth)), weight: 1 },
);

/** An array nested `depth` deep around a string. */
export function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Percent-encodes text as UTF-8 (a lone surrogate becomes U+FFFD, as in a browser). */
export function encodeText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9*._-]/.test(c) ? c : byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
