// NUL (U+0000) is in no field's alphabet, no browser can type it, and PostgreSQL stores none in
// text: a value holding one failed at the INSERT with a 500 there (and was stored on SQLite).
// Handled here, once, for every body and query: a form's values lose it (its validators then judge
// the rest: "Ana\u0000\u0007" is still refused for its control character, by field); the API
// refuses it with 422 naming each field that holds one.
import type { RequestHandler } from 'express';
import { ValidationFailed } from '../errors.js';
import { paths } from '../paths.js';

/** Removes NUL from every string value of `root` (in place; iterative: bodies nest deep); the dotted paths that held one. */
function stripNul(root: unknown): string[] {
  const found: string[] = [];
  const todo: Array<[Record<string, unknown>, string]> = root && typeof root === 'object' ? [[root as Record<string, unknown>, '']] : [];
  while (todo.length) {
    const [node, prefix] = todo.pop()!;
    for (const key of Object.keys(node)) {
      const value = node[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string' && value.includes('\u0000')) {
        found.push(path);
        // defineProperty, not assignment: an own "__proto__" key must stay a plain property.
        Object.defineProperty(node, key, { value: value.replaceAll('\u0000', ''), writable: true, enumerable: true, configurable: true });
      } else if (value && typeof value === 'object') todo.push([value as Record<string, unknown>, path]);
    }
  }
  return found;
}

export const nulCharacters: RequestHandler = (req, _res, next) => {
  const inBody = stripNul(req.body);
  // Express 5 parses req.query again on every read: keep the cleaned copy.
  const query = req.query;
  const inQuery = stripNul(query);
  if (inQuery.length) Object.defineProperty(req, 'query', { value: query, writable: true, enumerable: true, configurable: true });
  const found = [...inBody, ...inQuery];
  if (found.length && req.path.startsWith(`${paths.api.root}/`)) {
    return next(
      new ValidationFailed(found.map((path) => ({ path, code: 'control_characters', message: `${path}: contains a NUL character` }))),
    );
  }
  next();
};
