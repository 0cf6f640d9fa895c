// Every admin string the templates and the admin code ask for exists in
// views/locales/admin/en.json (a missing one would show its key to the admin).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { adminStrings } from '../../../../server/admin/admin-messages.js';
import { flatKeys } from '../../../../server/staff-messages.js';
import { AUDIT_ACTIONS } from '../../../../server/admin/audit.js';
import { STATUSES } from '../../../../server/admin/registration-search.js';
import { projectPath } from '../../../../server/project-root.js';

const keys = new Set(flatKeys(adminStrings()));
const has = (k: string) => (k.endsWith('.') ? [...keys].some((key) => key.startsWith(k)) : keys.has(k));

describe('admin strings', () => {
  it('contain every key the admin templates use', () => {
    const dir = projectPath('views', 'admin');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir)) for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/\bmsg\('([A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
    assert.ok(used.size > 100, `found only ${used.size}`);
    assert.deepEqual([...used].filter((k) => !has(k)), []);
  });

  it('contain every message key the admin code hands to the templates', () => {
    const dir = projectPath('server', 'admin');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir)) for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/'((?:login|totp|search|partners|bulk|storage)\.[A-Za-z.]+)'/g)) if (!m[1]!.endsWith('.njk')) used.add(m[1]!);
    assert.ok(used.size > 10);
    assert.deepEqual([...used].filter((k) => !has(k)), []);
  });

  it('name every audit action, registration status, path state and chart line', () => {
    const wanted = [...AUDIT_ACTIONS.map((a) => `actions.${a}`), ...STATUSES.map((s) => `statuses.${s}`), ...['up', 'slow', 'failed', 'hung', 'full', 'unknown'].map((s) => `pathStates.${s}`), ...['solid', 'dashed', 'dotted', 'dashDot', 'shortDash', 'fineDot'].map((l) => `storage.line.${l}`)];
    assert.deepEqual(wanted.filter((k) => !keys.has(k)), []);
  });
});
