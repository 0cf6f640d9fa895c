// Every catalogue under views/locales/ (the voter's, the partner portal's, the admin side's and the
// PDF's), checked the same way (forms-runner's i18n_spec): each language has the same keys, no
// text is empty, placeholders match across languages, every key the templates and code ask for
// exists, and every key is used somewhere. Then the few facts one catalogue adds (every error code
// the validators produce has a sentence; the PDF prints only what Helvetica can).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS } from '../../../server/admin/audit.js';
import { PRINT_STATUSES } from '../../../server/print/print-queue.js';
import { STATUSES } from '../../../server/admin/registration-search.js';
import { LANGS, loadLocale, MAIL_NS, mailTranslator, messagesFor, translator, type Lang } from '../../../server/i18n.js';
import { VOTER_MAIL_KINDS } from '../../../server/mail/voter-mail.js';
import { notInWinAnsi } from '../../../server/pdf/charset.js';
import { pdfStrings } from '../../../server/pdf/strings.js';
import { projectPath } from '../../../server/project-root.js';
import { RACE_KEYS } from '../../../server/registrations/answers.js';
import { ID_TYPES } from '../../../server/states/index.js';
import { STEPS } from '../../../server/voter/steps.js';

/** Every leaf of a catalogue by its dotted key (arrays, in the PDF's, are one leaf: their lines joined). */
function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    if (Array.isArray(v)) out.set(`${prefix}${k}`, v.flat(2).join('\n'));
    else if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

/** Every string of a tree, one by one (the PDF's lists of lines included). */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

function filesUnder(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
}

const read = (files: string[]) => files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');

interface Catalogue {
  name: string;
  langs: readonly Lang[];
  load(lang: Lang): unknown;
  placeholders: RegExp;
  /** Where its keys are asked for by name: the lookup calls in templates and code. */
  lookups: { text: string; pattern: RegExp; atLeast: number };
  /** Keys the code builds (a prefix and a value from a list): the test names them. */
  built: string[];
  /** The source that may name a key in any other way (a key handed to a template, a prefix joined with a value). */
  source: string;
  /** Its code reads the tree as typed properties (`strings.instructions.title`), not by dotted key. */
  readAsProperties?: boolean;
  /** How the app looks a key up (the one i18n system): it must give every text as written. */
  lookup?: (lang: Lang) => (key: string) => string;
}

const views = (dir: string) => filesUnder(projectPath('views', dir), '.njk');
const server = (dir: string) => filesUnder(projectPath('server', dir), '.ts');

const CATALOGUES: Catalogue[] = [
  {
    name: 'voter',
    langs: LANGS,
    load: (lang) => loadLocale(lang),
    lookup: (lang) => (key) => translator(lang)(key),
    placeholders: /\{\{(\w+)\}\}/g,
    lookups: {
      text: read([...views('voter'), ...views('macros'), projectPath('views', 'layout.njk'), projectPath('views', 'error.njk')]),
      pattern: /\bt\('([A-Za-z0-9_.]+)'/g,
      atLeast: 50,
    },
    built: RACE_KEYS.map((k) => `race.${k}`),
    source: read([
      ...views('voter'),
      ...views('macros'),
      projectPath('views', 'layout.njk'),
      projectPath('views', 'error.njk'),
      ...filesUnder(projectPath('server'), '.ts'),
    ]),
  },
  {
    name: 'partner',
    langs: LANGS,
    load: (lang) => loadLocale(lang, 'partner'),
    lookup: (lang) => messagesFor('partner', lang),
    placeholders: /\{\{(\w+)\}\}/g,
    lookups: { text: read([...views('partner'), ...views('print')]), pattern: /\bmsg\('([A-Za-z0-9_.]+)'/g, atLeast: 60 },
    built: [
      ...STEPS.map((s) => `dashboard.steps.${s}`),
      ...['pending', 'retrying', 'delivered', 'failed'].map((s) => `webhooks.status.${s}`),
      ...['format', 'order', 'tooLong'].map((p) => `dashboard.rangeErrors.${p}`),
      ...PRINT_STATUSES.map((s) => `printQueue.statuses.${s}`),
    ],
    // The print desk's pages (views/print/) are shared with the admin side.
    // server/auth/ words the strength meter (password-strength-route.ts) for both staff and partner pages.
    source: read([...views('partner'), ...views('print'), ...server('partners'), ...server('api'), ...server('print'), ...server('auth')]),
  },
  {
    name: 'admin',
    langs: ['en'],
    load: (lang) => loadLocale(lang, 'admin'),
    lookup: (lang) => messagesFor('admin', lang),
    placeholders: /\{\{(\w+)\}\}/g,
    lookups: { text: read([...views('admin'), ...views('print')]), pattern: /\bmsg\('([A-Za-z0-9_.]+)'/g, atLeast: 100 },
    built: [
      ...AUDIT_ACTIONS.map((a) => `actions.${a}`),
      ...STATUSES.map((s) => `statuses.${s}`),
      ...['up', 'slow', 'failed', 'hung', 'full', 'unknown'].map((s) => `pathStates.${s}`),
      ...['solid', 'dashed', 'dotted', 'dashDot', 'shortDash', 'fineDot'].map((l) => `storage.line.${l}`),
      ...PRINT_STATUSES.map((s) => `printQueue.statuses.${s}`),
    ],
    source: read([...views('admin'), ...views('print'), ...server('admin'), ...server('print'), ...server('auth')]),
  },
  {
    name: 'mail',
    langs: LANGS,
    load: (lang) => loadLocale(lang, MAIL_NS),
    lookup: (lang) => (key) => mailTranslator(lang)(key),
    placeholders: /\{\{(\w+)\}\}/g,
    lookups: { text: read([...views('mail'), ...server('mail')]), pattern: /\b(?:m|mt)\('([A-Za-z0-9_.]+)'/g, atLeast: 20 },
    built: VOTER_MAIL_KINDS.flatMap((k) => [`${k}.subject`, `${k}.intro`]),
    // messages.ts builds `${kind}.subject` and `${kind}.intro` from the kind: each kind's subtree is named.
    source: [read([...views('mail'), ...server('mail')]), ...VOTER_MAIL_KINDS.map((k) => `'${k}.'`)].join('\n'),
  },
  {
    name: 'pdf',
    langs: LANGS,
    load: (lang) => pdfStrings(lang),
    placeholders: /\{(\w+)\}/g,
    // The PDF code reads its strings as typed properties (pdfStrings(lang).instructions.x): the
    // compiler checks that every one it reads exists.
    lookups: { text: '', pattern: /(?!)(.)/g, atLeast: 0 },
    readAsProperties: true,
    built: [],
    source: read(server('pdf')),
  },
];

/** Whether the catalogue's source names `key`: whole, or by a prefix it joins with a value ('steps.' + step, `errors.${code}`). */
function named(key: string, c: Catalogue, literals: Set<string>): boolean {
  if (literals.has(key)) return true;
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) if (literals.has(`${parts.slice(0, i).join('.')}.`)) return true;
  // A property read: `.title`, or `title` destructured or passed as a key name.
  return Boolean(c.readAsProperties) && new RegExp(`\\.${parts.at(-1)}\\b|\\b${parts.at(-1)}\\b`).test(c.source);
}

for (const c of CATALOGUES) {
  describe(`the ${c.name} catalogue`, () => {
    const tables = Object.fromEntries(c.langs.map((lang) => [lang, flatten(c.load(lang))])) as Record<Lang, Map<string, string>>;
    const first = tables[c.langs[0]!];

    it('has the same keys in every language', () => {
      for (const lang of c.langs.slice(1)) {
        assert.deepEqual(
          [...first.keys()].filter((k) => !tables[lang].has(k)),
          [],
          `missing in ${lang}`,
        );
        assert.deepEqual(
          [...tables[lang].keys()].filter((k) => !first.has(k)),
          [],
          `missing in ${c.langs[0]}`,
        );
      }
    });

    it('has no empty text, and the same placeholders in every language', () => {
      const vars = (s: string) => [...s.matchAll(c.placeholders)].map((m) => m[1]).sort();
      for (const [key, text] of first) {
        for (const lang of c.langs) {
          const other = tables[lang].get(key) ?? '';
          // A PDF label may be blank on purpose (a box printed without a caption): the same in both.
          if (c.name === 'pdf') assert.equal(other.trim() === '', text.trim() === '', `${lang} ${key}: blank in one language only`);
          else assert.ok(other.trim(), `${lang} ${key} is empty`);
          assert.deepEqual(vars(other), vars(text), `placeholders differ in ${key} (${lang})`);
        }
      }
    });

    it("gives every text as written through the app's lookup (placeholders left visible without values)", (ctx) => {
      if (!c.lookup) return ctx.skip('read as typed properties');
      for (const lang of c.langs) {
        const look = c.lookup(lang);
        for (const [key, text] of tables[lang]) assert.equal(look(key), text, `${lang} ${key}`);
      }
    });

    it('has every key the templates and code ask for', () => {
      const asked = new Set([...c.lookups.text.matchAll(c.lookups.pattern)].map((m) => m[1]!));
      assert.ok(asked.size >= c.lookups.atLeast, `found only ${asked.size} lookups: is the pattern still right?`);
      // `t('steps.' + step + '.title')` leaves the prefix 'steps.': it must at least name a subtree.
      const has = (k: string) => (k.endsWith('.') ? [...first.keys()].some((key) => key.startsWith(k)) : first.has(k));
      assert.deepEqual(
        [...asked, ...c.built].filter((k) => !has(k)),
        [],
      );
    });

    it('has no key nothing uses', () => {
      const literals = new Set([...c.source.matchAll(/['"`]([A-Za-z0-9_.]+)(?=['"`]|\$\{)/g)].map((m) => m[1]!));
      const unused = [...first.keys()].filter((key) => !named(key, c, literals));
      assert.deepEqual(unused, []);
    });
  });
}

describe('what the catalogues must cover', () => {
  it('the voter catalogue has a sentence for every error code the validators produce', () => {
    const en = flatten(loadLocale('en'));
    const codes = new Set<string>();
    // The ID number's checks live with the state rules (server/states/id-number.ts).
    for (const file of filesUnder(projectPath('server', 'registrations'), '.ts')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:add\([^,]+, |return )'([a-z0-9_]+)'/g)) codes.add(m[1]!);
    }
    // (whose `return 'ssn_full'` may also be an identifier type, not a code)
    for (const m of fs.readFileSync(projectPath('server', 'states', 'id-number.ts'), 'utf8').matchAll(/(?:return |code: )'([a-z0-9_]+)'/g))
      if (!(ID_TYPES as readonly string[]).includes(m[1]!)) codes.add(m[1]!);
    codes.delete('web');
    for (const code of ['ssn_last4_invalid', 'ssn_full_invalid', 'ssn_never_issued', 'licence_invalid', 'id_type_not_accepted'])
      assert.ok(codes.has(code), `the scan finds ${code}`);
    for (const code of codes) assert.ok(en.has(`errors.${code}`), `errors.${code}`);
  });

  it("the PDF catalogue uses only characters the form's Helvetica can print (WinAnsi)", () => {
    for (const lang of LANGS) for (const text of leaves(pdfStrings(lang))) assert.deepEqual(notInWinAnsi(text), [], `${lang}: ${text}`);
  });

  it('the PDF catalogue has the same shape in both languages (lists of lines as lists)', () => {
    const shape = (value: unknown, at = ''): string[] =>
      Array.isArray(value)
        ? [`${at}[${value.length > 0 && Array.isArray(value[0]) ? 'lines' : 'list'}]`]
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, child]) => shape(child, at ? `${at}.${key}` : key))
          : [at];
    assert.deepEqual(shape(pdfStrings('es')), shape(pdfStrings('en')));
  });
});
