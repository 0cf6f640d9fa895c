// The form routes to fuzz, read from the security route table: every state-changing route that is
// not the bearer-key API, sent as the identity the table allows, with the table's valid form as
// the seed and a valid CSRF token. A route added to the table is fuzzed without a change here.
// The voter's step route is one row in the table; here it is one target per step, each with that
// step's valid answers, on a registration kept in progress (a fuzzed review may submit it).
import assert from 'node:assert/strict';
import request from 'supertest';
import { startFromLink } from '../partners.js';
import { halfSignedIn, isPending, type Pending } from '../security/half-signed-in.js';
import { csrfOf } from '../voter-session.js';
import { firstAllowed, ROUTES, rowKey, type RouteRow } from '../security/route-table.js';
import { agentOf, fillVoterA, sessionCsrfOf, voterAnswers, type World } from '../security/world.js';
import { STEPS } from '../../../server/voter/steps.js';

type Agent = ReturnType<typeof agentOf>;

export interface Prepared {
  agent: Agent;
  url: string;
  /** The valid fields, with a valid `_csrf`. */
  seed: Record<string, string>;
}

export interface FormTarget {
  /** The route table row's key, and the step for the voter's route. */
  route: string;
  name: string;
  row: RouteRow;
  prepare(): Promise<Prepared>;
  /** The voter step being fuzzed (its registration is read back after each case). */
  voterStep?: (typeof STEPS)[number];
  /** Resume token of the registration the voter target posts to (changes when a case submits it). */
  voterToken?(): string;
}

/** The POST routes of the table that are HTML forms (everything but the bearer-key API). */
export const formRows = (): RouteRow[] => ROUTES.filter((r) => r.method !== 'GET' && r.area !== 'api');

const VOTER_STEP_PATH = '/r/:token/:step';

export function formTargets(w: World): FormTarget[] {
  const targets: FormTarget[] = [];
  // Rows that sign out, disable partner A or rotate its keys go last: they spoil the world for others.
  const rows = [...formRows().filter((r) => !r.sideEffect), ...formRows().filter((r) => r.sideEffect)];
  for (const row of rows) {
    if (row.path === VOTER_STEP_PATH) {
      const voter = voterRegistration(w);
      for (const step of STEPS)
        targets.push({
          route: rowKey(row),
          name: `${rowKey(row)} (${step})`,
          row,
          voterStep: step,
          voterToken: voter.token,
          prepare: () => voter.prepare(step),
        });
      continue;
    }
    const who = row.csrfAs ?? firstAllowed(row);
    if (isPending(who)) {
      let pending: Prepared | undefined;
      targets.push({
        route: rowKey(row),
        name: rowKey(row),
        row,
        prepare: async () => (pending ??= await halfSignedInTarget(w, row, who)),
      });
      continue;
    }
    let prepared: Prepared | undefined;
    targets.push({
      route: rowKey(row),
      name: rowKey(row),
      row,
      prepare: async () => {
        if (prepared) return prepared;
        const form = row.form ? await row.form(w, who) : {};
        const csrf = form._csrf ?? (await sessionCsrfOf(w, who));
        prepared = { agent: agentOf(w, who), url: row.url ? row.url(w, who) : row.path, seed: { ...form, _csrf: csrf } };
        return prepared;
      },
    });
  }
  return targets;
}

/** A registration of voter A at the review step; a new one whenever a case has submitted it. */
function voterRegistration(w: World) {
  let token = w.progress.token;
  return {
    token: () => token,
    async prepare(step: (typeof STEPS)[number]): Promise<Prepared> {
      let row = await w.t.ctx.registrations.service.findByResumeToken(token);
      if (row?.status !== 'in_progress') {
        const s = await startFromLink(w.t, `partner=${w.a.id}&source=fuzz`);
        await fillVoterA(s, 'review');
        token = s.token;
        row = await w.t.ctx.registrations.service.findByResumeToken(token);
      }
      assert.ok(row);
      return {
        agent: request(w.t.app),
        url: `/r/${token}/${step}`,
        seed: { ...(voterAnswers[step] as Record<string, string>), _csrf: w.t.ctx.http.csrf.issue(row.uid) },
      };
    },
  };
}

/** A user half signed in (password done, second factor not yet): the TOTP forms' user. */
async function halfSignedInTarget(w: World, row: RouteRow, which: Pending): Promise<Prepared> {
  const { agent, page } = await halfSignedIn(w, which);
  const form = row.form ? await row.form(w, 'visitor') : {};
  const sealed: Record<string, string> = which.endsWith('Enrolment') ? { sealed: /name="sealed" value="([^"]+)"/.exec(page)![1]! } : {};
  return { agent, url: row.path, seed: { ...form, ...sealed, _csrf: csrfOf(page) } };
}

/** A GET route of the table with its query (a search form, a date filter, the start page's link). */
export interface QueryTarget {
  route: string;
  row: RouteRow;
  agent: Agent;
  path: string;
  seed: Record<string, string>;
}

/** Every GET row, as its allowed identity, the row's own query as the seed. */
export function queryTargets(w: World): QueryTarget[] {
  return ROUTES.filter((r) => r.method === 'GET' && !r.sideEffect).map((row) => {
    const who = firstAllowed(row);
    const url = new URL(row.url ? row.url(w, who) : row.path, 'http://rollcall.test');
    return { route: rowKey(row), row, agent: agentOf(w, who), path: url.pathname, seed: Object.fromEntries(url.searchParams) };
  });
}
