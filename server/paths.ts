// Every URL the app answers, named once (pay-frontend's paths.js): routes register these and
// templates and redirects build links from them; no route file or view spells a path itself (a
// unit test walks the app's router and fails on any path not built from here). A path with
// parameters is a function: a route registers it with express's parameter names, e.g.
// `paths.step(':token', ':step')` (the API's operation table uses OpenAPI's `{id}` form), and a
// link calls it with the values.
/** The print queue's pages, the same under /admin (Rollcall's queue) and /partner (a partner printing its own). */
function printDesk(root: string) {
  return {
    print: root,
    printBatches: `${root}/batches`,
    printBatch: (id: number | string) => `${root}/batches/${id}`,
    printBatchFile: (id: number | string, ext: 'pdf' | 'zip') => `${root}/batches/${id}/batch.${ext}`,
    printBatchAction: (id: number | string, action: 'mailed' | 'reprint') => `${root}/batches/${id}/${action}`,
  };
}

export const paths = {
  home: '/',
  start: '/register',
  step: (resumeToken: string, step: string) => `/r/${resumeToken}/${step}`,
  resume: (resumeToken: string) => `/r/${resumeToken}`,
  /** Records that the voter went to their state's online registration, then sends them there. */
  online: (resumeToken: string) => `/r/${resumeToken}/online`,
  /** Under 18, not yet allowed to register: "email me when I can" (posted from the stop page). */
  remind: (resumeToken: string) => `/r/${resumeToken}/remind`,
  /** "Mail me a printed form": the voter confirms the address (print/printed-form-routes.ts), then the confirmation. */
  printedForm: (resumeToken: string) => `/r/${resumeToken}/printed-form`,
  printedFormDone: (resumeToken: string) => `/r/${resumeToken}/printed-form/done`,
  /** POST: the end page's "prove it is you" (the date of birth), past the first hour (voter/pdf-again.ts). */
  pdfAgain: (resumeToken: string) => `/r/${resumeToken}/pdf-again`,
  /** GET: "Delete my registration from Rollcall", what goes and what does not; POST: the date of birth, then the erase (voter/erase-routes.ts). */
  erase: (resumeToken: string) => `/r/${resumeToken}/erase`,
  pdf: (linkToken: string) => `/pdf/${linkToken}`,
  /** The link in a voter's email (server/mail/, docs/voter-mail.md): proves the email's token, mints a fresh PDF link. */
  mail: {
    link: (mailToken: string) => `/m/${mailToken}`,
    /** POST: "I mailed it" (the reminders stop). */
    mailed: (mailToken: string) => `/m/${mailToken}/mailed`,
    /** GET: a confirm page; POST: stop all mail (also the RFC 8058 one-click List-Unsubscribe-Post). */
    stop: (mailToken: string) => `/m/${mailToken}/stop`,
  },
  assets: '/assets',
  widget: '/widget.js',
  uswds: '/assets/uswds',
  /** @simplewebauthn/browser's bundle (dist/bundle/), served from node_modules: the security-key pages' only vendor script. */
  simplewebauthn: '/assets/simplewebauthn',
  /** A partner's logo; the sha256 in the name makes it immutable (cached for a year). */
  partnerLogo: (partnerId: string, sha256: string) => `/assets/partner/${partnerId}/logo-${sha256}.png`,
  /** A partner's colours, for the pages of its voters' flow. */
  partnerCss: (partnerId: string) => `/assets/partner/${partnerId}.css`,
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  admin: {
    home: '/admin',
    login: '/admin/login',
    totp: '/admin/totp',
    totpSetup: '/admin/totp/setup',
    /** Change your own password (signed in). */
    password: '/admin/account/password',
    /** POST: the strength meter's score of a password being typed (JSON; auth/password-strength-route.ts). */
    passwordStrength: '/admin/account/password/strength',
    /** Your signed-in sessions; end one. */
    sessions: '/admin/account/sessions',
    endSession: '/admin/account/sessions/end',
    /** Your security keys and passkeys (a second factor beside TOTP): list, add, rename, remove. */
    securityKeys: '/admin/account/security-keys',
    /** POST (CSRF): the options for adding a key, as JSON; the challenge goes into the session. */
    securityKeyOptions: '/admin/account/security-keys/options',
    securityKeyRename: '/admin/account/security-keys/rename',
    securityKeyRemove: '/admin/account/security-keys/remove',
    /** The second factor by a security key: POST (CSRF) options as JSON, then the signed answer. */
    totpKeyOptions: '/admin/totp/security-key/options',
    totpKey: '/admin/totp/security-key',
    logout: '/admin/logout',
    registrations: '/admin/registrations',
    registration: (uid: string) => `/admin/registrations/${uid}`,
    registrationPdf: (uid: string) => `/admin/registrations/${uid}/pdf`,
    /** GET: confirm erasing a registration at the voter's request (by phone or letter); POST: erase it (admin only). */
    registrationErase: (uid: string) => `/admin/registrations/${uid}/erase`,
    bulk: '/admin/registrations/bulk',
    bulkZip: '/admin/registrations/bulk.zip',
    audit: '/admin/audit',
    partners: '/admin/partners',
    partner: (id: string) => `/admin/partners/${id}`,
    partnerAction: (id: string, action: 'approve' | 'disable' | 'rotate-key') => `/admin/partners/${id}/${action}`,
    storage: '/admin/storage',
    offices: '/admin/offices',
    /** `key` URL-encoded by the caller ("NY%3ASuffolk%20County"). */
    office: (key: string) => `/admin/offices/${key}`,
    storageVerify: '/admin/storage/verify',
    /** Every staff and partner account, with a second factor or not (admin only). */
    users: '/admin/users',
    /** GET: confirm; POST: reset the user's second factor (lost, or believed stolen) and end their sessions. */
    userSecondFactor: (id: number | string) => `/admin/users/${id}/second-factor`,
    ...printDesk('/admin/print'),
  },
  partner: {
    home: '/partner',
    login: '/partner/login',
    logout: '/partner/logout',
    /** The second factor, after the password: the code, or enrolment the first time. */
    totp: '/partner/totp',
    totpSetup: '/partner/totp/setup',
    /** Change your own password (signed in). */
    password: '/partner/account/password',
    /** Your signed-in sessions; end one. */
    sessions: '/partner/account/sessions',
    endSession: '/partner/account/sessions/end',
    /** Your security keys and passkeys (a second factor beside TOTP): list, add, rename, remove. */
    securityKeys: '/partner/account/security-keys',
    /** POST (CSRF): the options for adding a key, as JSON; the challenge goes into the session. */
    securityKeyOptions: '/partner/account/security-keys/options',
    securityKeyRename: '/partner/account/security-keys/rename',
    securityKeyRemove: '/partner/account/security-keys/remove',
    /** The second factor by a security key: POST (CSRF) options as JSON, then the signed answer. */
    totpKeyOptions: '/partner/totp/security-key/options',
    totpKey: '/partner/totp/security-key',
    export: '/partner/export.csv',
    keys: '/partner/keys',
    webhooks: '/partner/webhooks',
    widget: '/partner/widget',
    /** The widget page's second form: whether a voter's email is required, and whether Rollcall emails the partner's voters. */
    voterMail: '/partner/widget/voter-mail',
    branding: '/partner/branding',
    logo: '/partner/branding/logo',
    logoRemove: '/partner/branding/logo/remove',
    questions: '/partner/questions',
    revokeKey: (id: number | string) => `/partner/keys/${id}/revoke`,
    forgot: '/partner/password/forgot',
    reset: '/partner/password/reset',
    /** POST: the strength meter's score of a password being typed, signed in or from a reset link (JSON). */
    passwordStrength: '/partner/password/strength',
    ...printDesk('/partner/print'),
    printSettings: '/partner/print/settings',
  },
  api: {
    /** Everything under it answers JSON errors and skips the form CSRF check (the key is the credential). */
    root: '/api',
    v1: '/api/v1',
    registrations: '/api/v1/registrations',
    registration: (uid: string) => `/api/v1/registrations/${uid}`,
    states: '/api/v1/states',
    state: (code: string) => `/api/v1/states/${code}`,
    openapi: '/api/v1/openapi.json',
    docs: '/api/docs',
  },
} as const;
