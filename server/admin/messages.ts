// The admin side's words, from views/locales/admin/en.json (staff read English; the voter
// locales stay free of admin strings). `msg('a.b', {n: 3})` fills {{n}}.
import fs from 'node:fs';
import { projectPath } from '../project-root.js';

export type Msg = (key: string, params?: Record<string, string | number>) => string;

let table: Record<string, unknown> | null = null;

export function adminStrings(): Record<string, unknown> {
  table ??= JSON.parse(fs.readFileSync(projectPath('views', 'locales', 'admin', 'en.json'), 'utf8')) as Record<string, unknown>;
  return table;
}

export const msg: Msg = (key, params = {}) => {
  let node: unknown = adminStrings();
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  // A missing key shows itself (and the locale test fails) rather than an empty label.
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : `{{${name}}}`));
};
