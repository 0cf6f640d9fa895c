// A voter's answers to each web step, as the form posts them (JavaScript off): the tests' voter
// session and the voter benchmark post the same person; and the walk through the form itself
// (start → eligibility → name → addresses → ID → party → review, GET then POST per step with the
// page's CSRF token), shared by the voter benchmark and the power-cut test.
export const californiaVoter = {
  eligibility: { usCitizen: 'yes', eighteenByElectionDay: 'yes', zip: '95814', email: 'ana@example.org' },
  name: {
    firstName: 'Ana',
    lastName: 'Núñez',
    'dateOfBirth.month': '4',
    'dateOfBirth.day': '28',
    'dateOfBirth.year': '1990',
    phone: '(916) 555-0123',
  },
  addresses: {
    'homeAddress.street': '1500 11th Street',
    'homeAddress.city': 'Sacramento',
    'homeAddress.state': 'CA',
    'homeAddress.zip': '95814',
  },
  id: { idNumber: 'D1234567' },
  party: { party: 'democratic', race: 'hispanic' },
  review: { attest: 'yes' },
};

export const WEB_STEPS = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'] as const;
const CSRF = /name="_csrf" value="([^"]+)"/;

/** An answer a real voter would not get (a refusal, a form missing): the walk stops. */
export class VoterFailed extends Error {}

export interface PageAnswer {
  status: number;
  location: string;
  body: string;
}

/** One request of the walk (a benchmark wraps it to time each request). */
export type SendPage = (url: string, init: RequestInit) => Promise<PageAnswer>;

export const sendPage: SendPage = async (url, init) => {
  const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  return { status: res.status, location: res.headers.get('location') ?? '', body };
};

function csrfFrom(page: PageAnswer): string {
  const token = CSRF.exec(page.body)?.[1];
  if (page.status !== 200 || !token) throw new VoterFailed(`page answered ${page.status} without a form`);
  return token;
}

/**
 * One whole registration by one voter from `address` (sent as X-Forwarded-For: the server must
 * trust loopback); resolves with the end page's path (`/r/<resume token>/done`) the review step
 * sent the voter to. Throws VoterFailed on any answer a real voter would not get; a connection
 * error is thrown as it comes.
 */
export async function registerOnTheWeb(base: string, address: string, send: SendPage = sendPage): Promise<string> {
  const headers = { 'X-Forwarded-For': address };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const home = await send(`${base}/?lang=en`, { headers });
  const started = await send(`${base}/register`, form({ _csrf: csrfFrom(home), lang: 'en', source: 'bench' }));
  let location = started.location;
  if (started.status !== 303 || !location.endsWith('/eligibility')) throw new VoterFailed(`start answered ${started.status}`);
  for (const step of WEB_STEPS) {
    const page = await send(`${base}${location}`, { headers });
    const posted = await send(`${base}${location}`, form({ _csrf: csrfFrom(page), ...californiaVoter[step] }));
    if (posted.status !== 303) throw new VoterFailed(`${step} answered ${posted.status}`);
    location = posted.location;
  }
  if (!location.endsWith('/done')) throw new VoterFailed(`review led to ${location}`);
  return location;
}
