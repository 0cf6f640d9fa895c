// The partner portal's words: views/locales/partner/{en,es}.json have the same keys and
// placeholders, and every key the partner templates and code ask for exists (a missing one would
// show its key to the partner).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { flatKeys, messagesFor, messageTable } from '../../../../server/staff-messages.js';
import { projectPath } from '../../../../server/project-root.js';
import { STEPS } from '../../../../server/voter/steps.js';

const en = new Set(flatKeys(messageTable('partner', 'en')));
const es = new Set(flatKeys(messageTable('partner', 'es')));
const has = (k: string) => (k.endsWith('.') ? [...en].some((key) => key.startsWith(k)) : en.has(k));

function keysUsedIn(dir: string, ext: string, pattern: RegExp): Set<string> {
  const used = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(ext))) for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(pattern)) used.add(m[1]!);
  return used;
}

describe('partner portal strings', () => {
  it('have the same keys in English and Spanish', () => {
    assert.deepEqual([...en].filter((k) => !es.has(k)), [], 'missing in es');
    assert.deepEqual([...es].filter((k) => !en.has(k)), [], 'missing in en');
  });

  it('have no empty text, and the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const enMsg = messagesFor('partner', 'en');
    const esMsg = messagesFor('partner', 'es');
    // Without params, msg leaves {{name}} in place: the raw text.
    for (const key of en) {
      assert.ok(enMsg(key).trim() && enMsg(key) !== key, `en ${key}`);
      assert.ok(esMsg(key).trim() && esMsg(key) !== key, `es ${key}`);
      assert.deepEqual(vars(esMsg(key)), vars(enMsg(key)), `placeholders differ in ${key}`);
    }
  });

  it('contain every key the partner templates use', () => {
    const used = keysUsedIn(projectPath('views', 'partner'), '.njk', /\bmsg\('([A-Za-z0-9_.]+)'/g);
    assert.ok(used.size > 60, `found only ${used.size}: is the pattern still right?`);
    assert.deepEqual([...used].filter((k) => !has(k)), []);
  });

  it('contain every key the partner code hands to the templates', () => {
    const used = keysUsedIn(projectPath('server', 'partners'), '.ts', /'((?:layout|nav|common|login|reset|dashboard|keys|webhooks|widget|questions)\.[A-Za-z.]+)'/g);
    for (const k of used) if (/\.(njk|js)$/.test(k)) used.delete(k); // file names, not keys
    assert.ok(used.size > 5, `found only ${used.size}`);
    assert.deepEqual([...used].filter((k) => !has(k)), []);
  });

  it('name every voter step, delivery status and date-range problem', () => {
    const wanted = [...STEPS.map((s) => `dashboard.steps.${s}`), ...['pending', 'retrying', 'delivered', 'failed'].map((s) => `webhooks.status.${s}`), ...['format', 'order', 'tooLong'].map((p) => `dashboard.rangeErrors.${p}`)];
    assert.deepEqual(wanted.filter((k) => !en.has(k)), []);
  });
});
