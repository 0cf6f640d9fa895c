// Message tables for the staff-facing sides (admin, partner portal): flat-ish JSON under
// views/locales/<area>/<lang>.json, read once. `msg('a.b', {n: 3})` fills {{n}}. The voter side
// uses i18next (server/i18n.ts); these sides only need lookup and {{name}} placeholders.
import fs from 'node:fs';
import { projectPath } from './project-root.js';

export type Msg = (key: string, params?: Record<string, string | number>) => string;

const tables = new Map<string, Record<string, unknown>>();

export function messageTable(area: string, lang: string): Record<string, unknown> {
  const id = `${area}/${lang}`;
  let table = tables.get(id);
  if (!table) {
    table = JSON.parse(fs.readFileSync(projectPath('views', 'locales', area, `${lang}.json`), 'utf8')) as Record<string, unknown>;
    tables.set(id, table);
  }
  return table;
}

export function messagesFor(area: string, lang: string): Msg {
  return (key, params = {}) => {
    let node: unknown = messageTable(area, lang);
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    // A missing key shows itself (and the locale test fails) rather than an empty label.
    if (typeof node !== 'string') return key;
    return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : `{{${name}}}`));
  };
}

/** Every key of a table, dotted ('a.b.c'), for the tests that compare tables and templates. */
export function flatKeys(obj: unknown, prefix = ''): string[] {
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' ? flatKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
