// Drives the voter flow over HTTP like a browser with JavaScript off: follows redirects by hand,
// carries each page's CSRF token into the next post.
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { californiaVoter } from '../../support/web-voter.js';

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'page has no CSRF token');
  return m[1]!;
}

export class VoterSession {
  token = '';
  constructor(private readonly app: Express) {}

  async start(lang: 'en' | 'es' = 'en', query = ''): Promise<void> {
    const home = await request(this.app).get(`/?lang=${lang}${query}`);
    assert.equal(home.status, 200);
    const res = await request(this.app)
      .post('/register')
      .type('form')
      .send({ _csrf: csrfOf(home.text), lang, source: 'test-suite' });
    assert.equal(res.status, 303);
    const m = /^\/r\/([A-Za-z0-9_-]{43})\/eligibility$/.exec(res.headers.location ?? '');
    assert.ok(m, `unexpected redirect ${res.headers.location}`);
    this.token = m[1]!;
  }

  get(step: string, query = '') {
    return request(this.app).get(`/r/${this.token}/${step}${query}`);
  }

  /** Posts a step with the CSRF token from its own page; returns the response (303 on success). */
  async post(step: string, fields: Record<string, string>) {
    const page = await this.get(step);
    assert.equal(page.status, 200, `GET ${step} answered ${page.status} (${page.headers.location ?? ''})`);
    return request(this.app)
      .post(`/r/${this.token}/${step}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
  }

  async complete(step: string, fields: Record<string, string>, next: string): Promise<void> {
    const res = await this.post(step, fields);
    assert.equal(res.status, 303, `${step}: ${res.status} ${res.text.slice(0, 2000)}`);
    assert.equal(res.headers.location, `/r/${this.token}/${next}`);
  }
}

export async function registerCaliforniaVoter(session: VoterSession): Promise<void> {
  await finishAsCaliforniaVoter(session, 'eligibility');
}

/** Completes the steps from `from` to the end (review attested: the done page) with the Californian's answers. */
export async function finishAsCaliforniaVoter(session: VoterSession, from: keyof typeof californiaVoter): Promise<void> {
  const order = ['eligibility', 'name', 'addresses', 'id', 'party', 'review', 'done'] as const;
  for (let i = order.indexOf(from); i < order.length - 1; i++) {
    const step = order[i] as keyof typeof californiaVoter;
    await session.complete(step, californiaVoter[step], order[i + 1]!);
  }
}
