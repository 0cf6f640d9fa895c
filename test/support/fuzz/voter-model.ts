// Model-based property of the voter flow: a random sequence of step submissions (valid ones,
// ones with a hostile value in a field, language switches that save a draft), visits back and
// forth and ?lang= changes never gets a 5xx, a 422 always names a field, and a registration
// that is accepted always validates. After the sequence, the valid answers in order always bring
// the registration to "accepted": no sequence wedges it.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import request from 'supertest';
import { parseAnswers } from '../../../server/registrations/registration-records.js';
import { validateComplete } from '../../../server/registrations/validate.js';
import { STEPS, type Step } from '../../../server/voter/steps.js';
import { voterAnswers, type World } from '../security/world.js';
import { encodeText, hostileText, hugeText } from './hostile.js';
import { htmlFieldProblem } from './named-field.js';
import { checkProperty, type Tally } from './runs.js';

type Action =
  | { kind: 'post'; step: Step; hostile: { at: number; value: string } | null }
  | { kind: 'switch'; step: Step; lang: 'en' | 'es'; at: number; value: string }
  | { kind: 'visit'; step: Step | 'resume' | 'done' | 'stop'; lang: 'en' | 'es' | null };

const step = fc.constantFrom(...STEPS);
const lang = fc.constantFrom<'en' | 'es'>('en', 'es');
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      step,
      hostile: fc.option(fc.record({ at: fc.nat(), value: hostileText }), { freq: 2 }),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('switch' as const), step, lang, at: fc.nat(), value: fc.oneof(hostileText, hugeText) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('visit' as const),
      step: fc.constantFrom<Step | 'resume' | 'done' | 'stop'>(...STEPS, 'resume', 'done', 'stop'),
      lang: fc.option(lang),
    }),
    weight: 2,
  },
);

function encode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeText(k)}=${encodeText(v)}`)
    .join('&');
}

export async function fuzzVoterModel(w: World, tally: Tally): Promise<void> {
  const app = w.t.app;
  const ctx = w.t.ctx;
  const route = (method: string, path: string) => tally.count(`${method} ${path}`);

  await checkProperty(
    fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 20 }), async (actions) => {
      await ctx.db('rate_limits').del();
      const started = await request(app)
        .post('/register')
        .type('form')
        .send({ _csrf: ctx.http.csrf.issue('start'), lang: 'en', partner: w.a.id, source: 'model' });
      route('POST', '/register');
      assert.equal(started.status, 303);
      const token = /^\/r\/([A-Za-z0-9_-]{43})\//.exec(started.headers.location ?? '')![1]!;
      const uid = (await ctx.registrations.service.findByResumeToken(token))!.uid;
      const csrf = ctx.http.csrf.issue(uid);
      const post = async (s: Step, fields: Record<string, string>) => {
        route('POST', '/r/:token/:step');
        return request(app)
          .post(`/r/${token}/${s}`)
          .type('form')
          .send(encode({ ...fields, _csrf: csrf }));
      };
      const checkRow = async (what: string) => {
        const row = (await ctx.registrations.service.findByResumeToken(token))!;
        if (row.status === 'accepted' || row.status === 'pdf_ready') {
          assert.deepEqual(
            validateComplete(parseAnswers(row), { now: ctx.clock.now(), idNumber: ctx.registrations.service.idNumberOf(row) }),
            [],
            `${what}: an accepted registration fails validation`,
          );
        }
        return row;
      };
      const log: string[] = [];
      for (const a of actions) {
        let res: request.Response;
        if (a.kind === 'visit') {
          const path = a.step === 'resume' ? `/r/${token}` : `/r/${token}/${a.step}`;
          route(
            'GET',
            a.step === 'resume' ? '/r/:token' : a.step === 'done' || a.step === 'stop' ? `/r/:token/${a.step}` : '/r/:token/:step',
          );
          res = await request(app).get(a.lang ? `${path}?lang=${a.lang}` : path);
        } else {
          const fields: Record<string, string> = { ...(voterAnswers[a.step] as Record<string, string>) };
          const names = Object.keys(fields);
          if (a.kind === 'switch') {
            fields[names[a.at % names.length]!] = a.value;
            fields._lang = a.lang;
          } else if (a.hostile) fields[names[a.hostile.at % names.length]!] = a.hostile.value;
          res = await post(a.step, fields);
        }
        log.push(`${a.kind} ${a.step}${a.kind === 'post' && a.hostile ? ' (hostile)' : ''} → ${res.status}`);
        const what = log.join('; ');
        assert.ok(res.status < 500, what);
        if (res.status === 422) assert.equal(htmlFieldProblem(res.text), null, what);
        await checkRow(what);
      }
      // Whatever happened, the valid answers in order finish the registration.
      let row = await checkRow(log.join('; '));
      if (row.status === 'in_progress') {
        for (const s of STEPS) {
          const res = await post(s, voterAnswers[s] as Record<string, string>);
          assert.equal(res.status, 303, `${log.join('; ')}; then valid ${s} → ${res.status} ${res.text?.slice(0, 500)}`);
        }
        row = await checkRow(log.join('; '));
      }
      assert.ok(
        row.status === 'accepted' || row.status === 'pdf_ready',
        `${log.join('; ')}: the valid answers in order did not finish the registration (${row.status})`,
      );
    }),
    1,
    8,
  );
}
