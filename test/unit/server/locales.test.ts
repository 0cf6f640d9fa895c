// Every user-visible string exists in both languages, and every key the templates and code use exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadLocale } from '../../../server/i18n.js';
import { projectPath } from '../../../server/project-root.js';
import { ID_TYPES } from '../../../server/states/index.js';
import { RACE_KEYS } from '../../../server/registrations/answers.js';

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
}

const en = flatten(loadLocale('en'));
const es = flatten(loadLocale('es'));

describe('locales', () => {
  it('have the same keys in English and Spanish', () => {
    assert.deepEqual([...en.keys()].filter((k) => !es.has(k)), [], 'missing in es');
    assert.deepEqual([...es.keys()].filter((k) => !en.has(k)), [], 'missing in en');
  });

  it('have no empty text, and the same placeholders in both languages', () => {
    for (const [key, text] of en) {
      assert.ok(text.trim(), `en ${key} is empty`);
      assert.ok(es.get(key)!.trim(), `es ${key} is empty`);
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(vars(es.get(key)!), vars(text), `placeholders differ in ${key}`);
    }
  });

  it('contain every key the templates ask for', () => {
    const used = new Set<string>();
    for (const file of filesUnder(projectPath('views'), '.njk')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
    }
    assert.ok(used.size > 50, `found only ${used.size} keys: is the pattern still right?`);
    // `t('steps.' + step + '.title')` leaves the prefix 'steps.': it must at least name a subtree.
    const missing = [...used].filter((k) => (k.endsWith('.') ? ![...en.keys()].some((key) => key.startsWith(k)) : !en.has(k)));
    assert.deepEqual(missing, []);
  });

  it('contain a label for every race choice and every error code the validators produce', () => {
    for (const k of RACE_KEYS) assert.ok(en.has(`race.${k}`), k);
    const codes = new Set<string>();
    // The ID number's checks live with the state rules (server/states/id-number.ts).
    for (const file of filesUnder(projectPath('server', 'registrations'), '.ts')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:add\([^,]+, |return )'([a-z0-9_]+)'/g)) codes.add(m[1]!);
    }
    // (whose `return 'ssn_full'` may also be an identifier type, not a code)
    for (const m of fs.readFileSync(projectPath('server', 'states', 'id-number.ts'), 'utf8').matchAll(/(?:return |code: )'([a-z0-9_]+)'/g)) if (!(ID_TYPES as readonly string[]).includes(m[1]!)) codes.add(m[1]!);
    codes.delete('web');
    for (const code of ['ssn_last4_invalid', 'ssn_full_invalid', 'ssn_never_issued', 'licence_invalid', 'id_type_not_accepted']) assert.ok(codes.has(code), `the scan finds ${code}`);
    for (const code of codes) assert.ok(en.has(`errors.${code}`), `errors.${code}`);
  });
});
