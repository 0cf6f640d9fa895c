// Sends a route table row's request as one identity: its cookies, its API key where the row is an
// API route, the form with the identity's own CSRF token unless told otherwise.
import type { Response } from 'supertest';
import type { RouteRow } from './route-table.js';
import { agentOf, sessionCsrfOf, type Who, type World } from './world.js';

/** Sends `row`'s request as `who`, aimed at A's object. */
export async function send(
  w: World,
  row: RouteRow,
  who: Who,
  extra: { csrf?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = row.url ? row.url(w, who) : row.path;
  const agent = agentOf(w, who);
  let req = row.method === 'GET' ? agent.get(url) : agent.post(url);
  if (row.area === 'api' && (who === 'partnerA' || who === 'partnerB'))
    req = req.set('Authorization', `Bearer ${who === 'partnerA' ? w.a.apiKey : w.b.apiKey}`);
  for (const [k, v] of Object.entries(extra.headers ?? {})) req = req.set(k, v);
  if (row.method === 'GET') return req.buffer(true);
  if (row.json) return req.send(row.json(w)).buffer(true);
  const form = row.form ? await row.form(w, who) : {};
  const csrf = extra.csrf ?? form._csrf ?? ((await sessionCsrfOf(w, who)) || 'none');
  if (row.files) {
    // multipart/form-data: _csrf first, as the page's form orders it.
    req = req.field('_csrf', csrf);
    for (const [k, v] of Object.entries(form)) if (k !== '_csrf') req = req.field(k, v);
    for (const f of row.files(w)) req = req.attach(f.field, f.bytes, { filename: f.filename, contentType: f.contentType });
    return req.buffer(true);
  }
  return req
    .type('form')
    .send({ ...form, _csrf: csrf })
    .buffer(true);
}
