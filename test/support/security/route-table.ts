// THE ROUTE TABLE: every route the app answers (method + path as express knows it), who may use
// it, and how to aim a request at partner A's / voter A's object. The suites in test/unit/server/app/ walk
// the app's router and fail when a route is missing here, then try each row from every identity
// (authorization), without or with a wrong CSRF token (csrf), and read its headers (headers).
//
// Adding a route? Add one row. `may` lists who may use it on A's object; everyone else is refused
// the way its `area` says (see refusalFor in authorization.test.ts):
//   admin   — visitors are sent to /admin/login (GET) or get 403 (POST); partner users and support
//             on admin-only routes get 403.
//   partner — visitors are sent to /partner/login (GET) or get 403 (POST); staff get 403; partner
//             B gets 404 on A's object (no existence oracle), or its own data on routes without one.
//   api     — no bearer key: 401, whatever cookies come along; partner B's key on A's object: 404.
//   voter   — the resume / PDF token is the key: anyone but voter A uses a forged one and gets 404.
//   public  — no object of A behind it: anyone, and nothing of A's in the answer.
import request from 'supertest';
import { csrfOf } from '../voter-session.js';
import type { Pending } from './half-signed-in.js';
import { voterAnswers, type Who, type World } from './world.js';

export type Area = 'public' | 'voter' | 'api' | 'partner' | 'admin';

export interface RouteRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path pattern exactly as the router holds it, e.g. '/partner/keys/:id/revoke'. */
  path: string;
  area: Area;
  /** Who may use it on A's object; 'everyone' for public routes. */
  may: Who[] | 'everyone';
  /** The URL `who` requests, aimed at A's object (default: `path` itself). */
  url?: (w: World, who: Who) => string;
  /** Form fields (POST, urlencoded). Without _csrf the suites add the sender's session token. */
  form?: (w: World, who: Who) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * A multipart upload: these files go after the form's fields and _csrf (as a browser sends the
   * form); the request is multipart/form-data instead of urlencoded.
   */
  files?: (w: World) => Array<{ field: string; bytes: Buffer; filename: string; contentType: string }>;
  /** A JSON body (API posts). */
  json?: (w: World) => Record<string, unknown>;
  /** The status the first identity in `may` gets (proves the request really reaches A's object). */
  ok: number;
  /**
   * The request changes state the other rows rely on (signs out, disables partner A, rotates
   * its keys...): the allowed identity's request is not replayed by the table; say which test
   * covers its success instead.
   */
  sideEffect?: string;
  /** For the CSRF suite: whom to send a valid form as (default: the first in `may`; visitor for public). */
  csrfAs?: Who | Pending;
  /** The answer is HTML a person sees (the headers suite reads it as `csrfAs`/first allowed identity). */
  html?: boolean;
  /**
   * A POST that cannot carry a CSRF token, and why it is safe without one (the CSRF suite skips it;
   * cross-site browsers are still refused by the Origin / Sec-Fetch-Site check).
   */
  csrfExempt?: string;
}

/** The resume token `who` can use for A's registration: only voter A knows the real one. */
const resume = (w: World, who: Who, which: 'done' | 'progress') => (who === 'voter' ? w[which].token : w.forgedToken);

/** The email token `who` can use for A's registration: only voter A received the email. */
const mailToken = (w: World, who: Who) => (who === 'voter' ? w.mailToken : w.forgedToken);

/** The CSRF token of a public form page (the start page, the sign-in forms). */
async function pageCsrf(w: World, path: string): Promise<string> {
  return csrfOf((await request(w.t.app).get(path)).text);
}

/** Voter A's CSRF token for the name step (others have no page to read one from). */
async function voterCsrf(w: World, who: Who): Promise<string> {
  if (who !== 'voter') return 'none';
  return csrfOf((await request(w.t.app).get(`/r/${w.progress.token}/name`)).text);
}

const uid = (w: World) => w.done.uid;
const OFFICE = `/admin/offices/${encodeURIComponent('WY:Teton County')}`;
const staff: Who[] = ['admin', 'support'];

export const ROUTES: RouteRow[] = [
  // Public: health, assets, state rules, the start page, the sign-in forms.
  { method: 'GET', path: '/healthz', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/readyz', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/metrics', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/widget.js', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/assets/partner/:id.css', area: 'public', may: 'everyone', url: (w) => `/assets/partner/${w.a.id}.css`, ok: 200 },
  {
    method: 'GET',
    path: '/assets/partner/:id/logo-:sha.png',
    area: 'public',
    may: 'everyone',
    url: (w) => `/assets/partner/${w.a.id}/logo-${w.a.logo.sha256}.png`,
    ok: 200,
  },
  { method: 'GET', path: '/api/v1/states', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/api/v1/states/:code', area: 'public', may: 'everyone', url: () => '/api/v1/states/CA', ok: 200 },
  { method: 'GET', path: '/api/v1/openapi.json', area: 'public', may: 'everyone', ok: 200 },
  { method: 'GET', path: '/api/docs', area: 'public', may: 'everyone', ok: 200, html: true },
  { method: 'GET', path: '/', area: 'public', may: 'everyone', url: (w) => `/?partner=${w.a.id}`, ok: 200, html: true },
  {
    method: 'POST',
    path: '/register',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({ lang: 'en', partner: w.a.id, _csrf: await pageCsrf(w, '/') }),
    ok: 303,
  },
  { method: 'GET', path: '/admin/login', area: 'public', may: 'everyone', ok: 200, html: true },
  {
    method: 'POST',
    path: '/admin/login',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({ _csrf: await pageCsrf(w, '/admin/login'), email: 'nobody@example.org', password: 'not the password' }),
    ok: 401,
  },
  { method: 'GET', path: '/partner/login', area: 'public', may: 'everyone', ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/login',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({ _csrf: await pageCsrf(w, '/partner/login'), email: 'nobody@example.org', password: 'not the password' }),
    ok: 401,
  },
  // The second factor: only for a partner user half signed in (password done); everyone else is sent on.
  { method: 'GET', path: '/partner/totp', area: 'public', may: 'everyone', ok: 303 },
  {
    method: 'POST',
    path: '/partner/totp',
    area: 'public',
    may: 'everyone',
    form: () => ({ code: '000000' }),
    ok: 303,
    csrfAs: 'pendingPartner',
  },
  // "Use a security key" on the code page: only for a user half signed in, like the code itself.
  { method: 'POST', path: '/partner/totp/security-key/options', area: 'public', may: 'everyone', ok: 303, csrfAs: 'pendingPartner' },
  {
    method: 'POST',
    path: '/partner/totp/security-key',
    area: 'public',
    may: 'everyone',
    form: () => ({ response: '{}' }),
    ok: 303,
    csrfAs: 'pendingPartner',
  },
  { method: 'GET', path: '/partner/totp/setup', area: 'public', may: 'everyone', ok: 303 },
  {
    method: 'POST',
    path: '/partner/totp/setup',
    area: 'public',
    may: 'everyone',
    form: () => ({ code: '000000', sealed: 'x' }),
    ok: 303,
    csrfAs: 'pendingPartnerEnrolment',
  },
  { method: 'GET', path: '/partner/password/forgot', area: 'public', may: 'everyone', ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/password/forgot',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({ _csrf: await pageCsrf(w, '/partner/password/forgot'), email: 'nobody@example.org' }),
    ok: 200,
  },
  {
    method: 'GET',
    path: '/partner/password/reset',
    area: 'public',
    may: 'everyone',
    url: () => `/partner/password/reset?token=${'x'.repeat(43)}`,
    ok: 400,
    html: true,
  },
  {
    method: 'POST',
    path: '/partner/password/reset',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({
      _csrf: await pageCsrf(w, '/partner/password/forgot'),
      token: 'x'.repeat(43),
      password: 'a long enough password',
      confirm: 'a long enough password',
    }),
    ok: 400,
  },
  // The strength meter's scorer (JSON): the reset page's sign-in token, or a partner session's.
  {
    method: 'POST',
    path: '/partner/password/strength',
    area: 'public',
    may: 'everyone',
    form: async (w) => ({ _csrf: await pageCsrf(w, '/partner/password/forgot'), password: 'a long enough password' }),
    ok: 200,
  },
  {
    method: 'POST',
    path: '/admin/logout',
    area: 'public',
    may: 'everyone',
    ok: 303,
    csrfAs: 'support',
    sideEffect: 'sessions.test.ts (sign-out destroys the session)',
  },
  {
    method: 'POST',
    path: '/partner/logout',
    area: 'public',
    may: 'everyone',
    ok: 303,
    csrfAs: 'partnerB',
    sideEffect: 'sessions.test.ts (sign-out destroys the session)',
  },
  // The second factor: only for a staff member half signed in (password done); everyone else is sent on.
  { method: 'GET', path: '/admin/totp', area: 'public', may: 'everyone', ok: 303 },
  {
    method: 'POST',
    path: '/admin/totp',
    area: 'public',
    may: 'everyone',
    form: () => ({ code: '000000' }),
    ok: 303,
    csrfAs: 'pendingStaff',
  },
  // "Use a security key" on the code page: only for a user half signed in, like the code itself.
  { method: 'POST', path: '/admin/totp/security-key/options', area: 'public', may: 'everyone', ok: 303, csrfAs: 'pendingStaff' },
  {
    method: 'POST',
    path: '/admin/totp/security-key',
    area: 'public',
    may: 'everyone',
    form: () => ({ response: '{}' }),
    ok: 303,
    csrfAs: 'pendingStaff',
  },
  { method: 'GET', path: '/admin/totp/setup', area: 'public', may: 'everyone', ok: 303 },
  {
    method: 'POST',
    path: '/admin/totp/setup',
    area: 'public',
    may: 'everyone',
    form: () => ({ code: '000000', sealed: 'x' }),
    ok: 303,
    csrfAs: 'pendingEnrolment',
  },

  // The voter's flow: the resume token in the URL is the key.
  { method: 'GET', path: '/r/:token', area: 'voter', may: ['voter'], url: (w, who) => `/r/${resume(w, who, 'progress')}`, ok: 303 },
  {
    method: 'GET',
    path: '/r/:token/done',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/done`,
    ok: 200,
    html: true,
  },
  {
    method: 'GET',
    path: '/r/:token/stop',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'progress')}/stop`,
    ok: 303,
  },
  // Under 18 and not allowed yet: "email me when I can register". Voter A is an adult, so it sends them back to resume.
  {
    method: 'POST',
    path: '/r/:token/remind',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'progress')}/remind`,
    form: async (w, who) => ({ email: 'a@example.org', consent: 'yes', _csrf: await voterCsrf(w, who) }),
    ok: 303,
  },
  // Records the visit to the state's online registration, then 303s there (A lives in California).
  {
    method: 'GET',
    path: '/r/:token/online',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/online`,
    ok: 303,
  },
  {
    method: 'GET',
    path: '/r/:token/:step',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'progress')}/name`,
    ok: 200,
    html: true,
  },
  {
    method: 'POST',
    path: '/r/:token/:step',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'progress')}/name`,
    form: async (w, who) => ({ ...voterAnswers.name, _csrf: await voterCsrf(w, who) }),
    ok: 303,
  },
  {
    method: 'GET',
    path: '/pdf/:token',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/pdf/${who === 'voter' ? w.pdfToken : w.forgedToken}`,
    ok: 200,
  },
  // "Mail me a printed form": voter A's request is already in partner A's batch, so the form sends
  // them on to the confirmation, and a second ask changes nothing.
  {
    method: 'GET',
    path: '/r/:token/printed-form',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/printed-form`,
    ok: 303,
  },
  {
    method: 'POST',
    path: '/r/:token/printed-form',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/printed-form`,
    form: (w, who) => ({
      'mailingAddress.street': '1 Other Street',
      'mailingAddress.city': 'Davis',
      'mailingAddress.state': 'CA',
      'mailingAddress.zip': '95616',
      _csrf: who === 'voter' ? w.t.ctx.http.csrf.issue(`printed-form:${w.done.uid}`) : 'none',
    }),
    ok: 303,
  },
  // Past the first hour, the end page's date of birth shows the PDF again (voter/pdf-again.ts).
  {
    method: 'POST',
    path: '/r/:token/pdf-again',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/pdf-again`,
    form: (w, who) => ({
      'dateOfBirth.month': voterAnswers.name['dateOfBirth.month'],
      'dateOfBirth.day': voterAnswers.name['dateOfBirth.day'],
      'dateOfBirth.year': voterAnswers.name['dateOfBirth.year'],
      _csrf: who === 'voter' ? w.t.ctx.http.csrf.issue(`pdf-again:${w.done.uid}`) : 'none',
    }),
    ok: 200,
    html: true,
  },
  // "Delete my registration from Rollcall" (voter/erase-routes.ts). The form carries a wrong date of
  // birth: the route's refusal (422) proves the request reached voter A's registration without
  // erasing it; the erase itself is test/unit/server/voter/erase-routes.test.ts.
  {
    method: 'GET',
    path: '/r/:token/erase',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/erase`,
    ok: 200,
    html: true,
  },
  {
    method: 'POST',
    path: '/r/:token/erase',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/erase`,
    form: (w, who) => ({
      'dateOfBirth.month': '1',
      'dateOfBirth.day': '1',
      'dateOfBirth.year': '1901',
      _csrf: who === 'voter' ? w.t.ctx.http.csrf.issue(`erase:${w.done.uid}`) : 'none',
    }),
    ok: 422,
    html: true,
  },
  {
    method: 'GET',
    path: '/r/:token/printed-form/done',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/r/${resume(w, who, 'done')}/printed-form/done`,
    ok: 200,
    html: true,
  },
  // The link in the voter's emails: the email's token is the key (docs/voter-mail.md).
  { method: 'GET', path: '/m/:token', area: 'voter', may: ['voter'], url: (w, who) => `/m/${mailToken(w, who)}`, ok: 200, html: true },
  {
    method: 'POST',
    path: '/m/:token/mailed',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/m/${mailToken(w, who)}/mailed`,
    // The token the link page's form carries (reading the page would mint a PDF link: a write).
    form: (w, who) => ({ _csrf: who === 'voter' ? w.t.ctx.http.csrf.issue(`mail:${w.done.uid}`) : 'none' }),
    ok: 303,
  },
  {
    method: 'GET',
    path: '/m/:token/stop',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/m/${mailToken(w, who)}/stop`,
    ok: 200,
    html: true,
  },
  {
    method: 'POST',
    path: '/m/:token/stop',
    area: 'voter',
    may: ['voter'],
    url: (w, who) => `/m/${mailToken(w, who)}/stop`,
    form: () => ({ 'List-Unsubscribe': 'One-Click' }),
    ok: 200,
    csrfExempt:
      "RFC 8058 one-click: the mail provider's POST carries no token; the email's 256-bit token is the authority, and the action only ever stops mail (idempotent)",
  },

  // The partner API: bearer keys only.
  { method: 'POST', path: '/api/v1/registrations', area: 'api', may: ['partnerA', 'partnerB'], json: () => apiRegistration(), ok: 201 },
  { method: 'GET', path: '/api/v1/registrations', area: 'api', may: ['partnerA', 'partnerB'], ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/registrations/:id',
    area: 'api',
    may: ['partnerA'],
    url: (w) => `/api/v1/registrations/${uid(w)}`,
    ok: 200,
  },

  // The partner portal: scoped to the signed-in user's partner.
  { method: 'GET', path: '/partner', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'GET',
    path: '/partner/export.csv',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    url: () => '/partner/export.csv?from=2026-01-01&to=2026-12-31',
    ok: 200,
  },
  { method: 'GET', path: '/partner/account/password', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  // The two new passwords differ: a 422 that neither changes the password nor takes a sign-in guess.
  {
    method: 'POST',
    path: '/partner/account/password',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ current: 'not the current one', password: 'a new long passphrase 9', confirm: 'another passphrase 9' }),
    ok: 422,
  },
  { method: 'GET', path: '/partner/account/sessions', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  // A handle of no session of theirs: nothing ends, back to the list.
  {
    method: 'POST',
    path: '/partner/account/sessions/end',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ session: '0'.repeat(32) }),
    ok: 303,
  },
  // Security keys and passkeys (auth/security-key-routes.ts): the options are JSON; a post without a key's answer is a 422.
  { method: 'GET', path: '/partner/account/security-keys', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/account/security-keys',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ name: 'desk key' }),
    ok: 422,
  },
  { method: 'POST', path: '/partner/account/security-keys/options', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200 },
  {
    method: 'POST',
    path: '/partner/account/security-keys/rename',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ key: '999999', name: 'desk key' }),
    ok: 303,
  },
  {
    method: 'POST',
    path: '/partner/account/security-keys/remove',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ key: '999999' }),
    ok: 303,
  },
  { method: 'GET', path: '/partner/keys', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  { method: 'POST', path: '/partner/keys', area: 'partner', may: ['partnerA', 'partnerB'], form: () => ({ name: 'table key' }), ok: 201 },
  {
    method: 'POST',
    path: '/partner/keys/:id/revoke',
    area: 'partner',
    may: ['partnerA'],
    url: (w) => `/partner/keys/${w.a.spareKeyId}/revoke`,
    ok: 303,
  },
  { method: 'GET', path: '/partner/webhooks', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/webhooks',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ url: 'https://hooks.club.example/rollcall' }),
    ok: 200,
  },
  { method: 'GET', path: '/partner/widget', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/widget',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ origins: 'https://club-a.example' }),
    ok: 200,
  },
  {
    method: 'POST',
    path: '/partner/widget/voter-mail',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ voterEmail: 'required', voterMail: 'on' }),
    ok: 200,
  },
  // The print desk: both partners print their own voters' forms; partner A's batch holds voter A's.
  { method: 'GET', path: '/partner/print', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/print/settings',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ offer: 'yes', printsOwn: 'yes' }),
    ok: 303,
  },
  {
    method: 'POST',
    path: '/partner/print/batches',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ take: 'all' }),
    ok: 303,
  },
  ...printBatchRows('partner', ['partnerA']),
  { method: 'GET', path: '/partner/branding', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/branding',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({ primary: '#1a4480', secondary: '', intro_en: '', intro_es: '' }),
    ok: 200,
  },
  // The same image as partner A's logo in the world (the same bytes: the same content-addressed key).
  {
    method: 'POST',
    path: '/partner/branding/logo',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    files: (w) => [{ field: 'logo', bytes: w.a.logo.upload, filename: 'logo.png', contentType: 'image/png' }],
    ok: 303,
  },
  {
    method: 'POST',
    path: '/partner/branding/logo/remove',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    ok: 303,
    sideEffect: 'test/unit/server/partners/logo.test.ts (removes the logo the asset row serves)',
  },
  { method: 'GET', path: '/partner/questions', area: 'partner', may: ['partnerA', 'partnerB'], ok: 200, html: true },
  {
    method: 'POST',
    path: '/partner/questions',
    area: 'partner',
    may: ['partnerA', 'partnerB'],
    form: () => ({
      question_1_en: 'Which issue matters most?',
      question_1_es: '',
      email_optin: 'yes',
      email_consent_en: 'Email me.',
      email_consent_es: 'Envíenme correos.',
    }),
    ok: 200,
  },

  // The admin side: staff only, some admin only.
  { method: 'GET', path: '/admin', area: 'admin', may: staff, ok: 303 },
  {
    method: 'GET',
    path: '/admin/registrations',
    area: 'admin',
    may: staff,
    url: () => '/admin/registrations?name=Quillfeather',
    ok: 200,
    html: true,
  },
  {
    method: 'GET',
    path: '/admin/registrations/bulk',
    area: 'admin',
    may: staff,
    url: () => '/admin/registrations/bulk?state=CA',
    ok: 200,
    html: true,
  },
  { method: 'POST', path: '/admin/registrations/bulk.zip', area: 'admin', may: staff, form: () => ({ state: 'CA' }), ok: 200 },
  {
    method: 'GET',
    path: '/admin/registrations/:uid',
    area: 'admin',
    may: staff,
    url: (w) => `/admin/registrations/${uid(w)}`,
    ok: 200,
    html: true,
  },
  {
    method: 'GET',
    path: '/admin/registrations/:uid/pdf',
    area: 'admin',
    may: staff,
    url: (w) => `/admin/registrations/${uid(w)}/pdf`,
    ok: 200,
  },
  // Erase at the voter's request (admin/registration-erase-routes.ts): without "how the voter asked"
  // the route refuses (422) and erases nothing; the erase is registration-erase-routes.test.ts.
  {
    method: 'GET',
    path: '/admin/registrations/:uid/erase',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/registrations/${uid(w)}/erase`,
    ok: 200,
    html: true,
  },
  {
    method: 'POST',
    path: '/admin/registrations/:uid/erase',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/registrations/${uid(w)}/erase`,
    form: () => ({ via: '' }),
    ok: 422,
  },
  { method: 'GET', path: '/admin/partners', area: 'admin', may: staff, ok: 200, html: true },
  {
    method: 'POST',
    path: '/admin/partners',
    area: 'admin',
    may: ['admin'],
    form: () => ({ name: 'Table Org', email: 'table@example.org' }),
    ok: 200,
  },
  { method: 'GET', path: '/admin/partners/:id', area: 'admin', may: staff, url: (w) => `/admin/partners/${w.a.id}`, ok: 200, html: true },
  {
    method: 'POST',
    path: '/admin/partners/:id/approve',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/partners/${w.a.id}/approve`,
    ok: 303,
  },
  {
    method: 'POST',
    path: '/admin/partners/:id/disable',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/partners/${w.a.id}/disable`,
    ok: 303,
    sideEffect: 'test/unit/server/admin/partners.test.ts',
  },
  {
    method: 'POST',
    path: '/admin/partners/:id/rotate-key',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/partners/${w.a.id}/rotate-key`,
    ok: 200,
    sideEffect: 'test/unit/server/admin/partners.test.ts',
  },
  { method: 'GET', path: '/admin/offices', area: 'admin', may: staff, url: () => '/admin/offices?state=WY&q=teton', ok: 200, html: true },
  // (Before storage: its verify's control request starts a background task that writes later.)
  // An office no other row's registration is mailed to (Wyoming refuses the federal form).
  { method: 'GET', path: '/admin/offices/:key', area: 'admin', may: staff, url: () => OFFICE, ok: 200, html: true },
  {
    method: 'POST',
    path: '/admin/offices/:key',
    area: 'admin',
    may: ['admin'],
    url: () => OFFICE,
    form: () => ({ addressee: 'County Clerk', street1: 'PO Box 1727', street2: '', city: 'Jackson', zip: '83001', phone: '' }),
    ok: 303,
  },
  { method: 'GET', path: '/admin/account/password', area: 'admin', may: staff, ok: 200, html: true },
  {
    method: 'POST',
    path: '/admin/account/password',
    area: 'admin',
    may: staff,
    form: () => ({ current: 'not the current one', password: 'a new long passphrase 9', confirm: 'another passphrase 9' }),
    ok: 422,
  },
  {
    method: 'POST',
    path: '/admin/account/password/strength',
    area: 'admin',
    may: staff,
    form: () => ({ password: 'a long enough password' }),
    ok: 200,
  },
  { method: 'GET', path: '/admin/account/sessions', area: 'admin', may: staff, ok: 200, html: true },
  { method: 'POST', path: '/admin/account/sessions/end', area: 'admin', may: staff, form: () => ({ session: '0'.repeat(32) }), ok: 303 },
  // Security keys and passkeys (auth/security-key-routes.ts): the options are JSON; a post without a key's answer is a 422.
  { method: 'GET', path: '/admin/account/security-keys', area: 'admin', may: staff, ok: 200, html: true },
  { method: 'POST', path: '/admin/account/security-keys', area: 'admin', may: staff, form: () => ({ name: 'desk key' }), ok: 422 },
  { method: 'POST', path: '/admin/account/security-keys/options', area: 'admin', may: staff, ok: 200 },
  {
    method: 'POST',
    path: '/admin/account/security-keys/rename',
    area: 'admin',
    may: staff,
    form: () => ({ key: '999999', name: 'desk key' }),
    ok: 303,
  },
  { method: 'POST', path: '/admin/account/security-keys/remove', area: 'admin', may: staff, form: () => ({ key: '999999' }), ok: 303 },
  { method: 'GET', path: '/admin/storage', area: 'admin', may: staff, ok: 200, html: true },
  { method: 'POST', path: '/admin/storage/verify', area: 'admin', may: ['admin'], ok: 303 },
  { method: 'GET', path: '/admin/audit', area: 'admin', may: ['admin'], ok: 200, html: true },
  // Accounts and second-factor resets: admin only (the reset is proved in admin/user-routes.test.ts;
  // here, without the confirmation, it reaches the account and changes nothing).
  { method: 'GET', path: '/admin/users', area: 'admin', may: ['admin'], ok: 200, html: true },
  {
    method: 'GET',
    path: '/admin/users/:id/second-factor',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/users/${w.support.userId}/second-factor`,
    ok: 200,
    html: true,
  },
  {
    method: 'POST',
    path: '/admin/users/:id/second-factor',
    area: 'admin',
    may: ['admin'],
    url: (w) => `/admin/users/${w.support.userId}/second-factor`,
    ok: 400,
  },
  { method: 'GET', path: '/admin/print', area: 'admin', may: staff, ok: 200, html: true },
  { method: 'POST', path: '/admin/print/batches', area: 'admin', may: ['admin'], form: () => ({ take: 'all' }), ok: 303 },
  ...printBatchRows('admin', staff),
];

/** A print batch's routes on one side: staff open any batch (partner A's here), a partner only its own. */
function printBatchRows(side: 'admin' | 'partner', view: Who[]): RouteRow[] {
  const root = `/${side}/print/batches`;
  const change: Who[] = side === 'admin' ? ['admin'] : view;
  const url = (suffix: string) => (w: World) => `${root}/${w.printBatch.id}${suffix}`;
  return [
    { method: 'GET', path: `${root}/:id`, area: side, may: view, url: url(''), ok: 200, html: true },
    { method: 'GET', path: `${root}/:id/batch.pdf`, area: side, may: view, url: url('/batch.pdf'), ok: 200 },
    { method: 'GET', path: `${root}/:id/batch.zip`, area: side, may: view, url: url('/batch.zip'), ok: 200 },
    { method: 'POST', path: `${root}/:id/mailed`, area: side, may: change, url: url('/mailed'), ok: 303 },
    {
      method: 'POST',
      path: `${root}/:id/reprint`,
      area: side,
      may: change,
      url: url('/reprint'),
      form: (w) => ({ request: String(w.printBatch.requestId) }),
      ok: 303,
    },
  ];
}

export function apiRegistration(): Record<string, unknown> {
  return {
    lang: 'en',
    email: 'api.voter@example.org',
    dateOfBirth: '1991-02-03',
    usCitizen: true,
    eighteenByElectionDay: true,
    firstName: 'Apiary',
    lastName: 'Voter',
    homeAddress: { street: '12 Api Street', city: 'Sacramento', state: 'CA', zip: '95814' },
    idNumber: 'D7777777',
    party: 'democratic',
    race: 'hispanic',
    attest: true,
  };
}

export const rowKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Every route the app's router answers, as "METHOD /path/:param" (express 5 / router 2 stack). */
export function enumerateRoutes(app: { router: unknown }): Array<{ method: string; path: string }> {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
    slash?: boolean;
    rawPath?: unknown;
  }
  const out: Array<{ method: string; path: string }> = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          if (m !== '_all') out.push({ method: m.toUpperCase(), path: prefix + layer.route.path });
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, layer.slash || typeof layer.rawPath !== 'string' ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app.router as { stack: Layer[] }).stack, '');
  return out;
}

/** The allowed identity the suites act as (first in `may`; the visitor for public rows). */
export function firstAllowed(row: RouteRow): Who {
  return row.may === 'everyone' ? 'visitor' : row.may[0]!;
}
