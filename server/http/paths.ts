// Every URL the app answers, named once. Routes and templates build links from here.
export const paths = {
  home: '/',
  start: '/register',
  step: (resumeToken: string, step: string) => `/r/${resumeToken}/${step}`,
  resume: (resumeToken: string) => `/r/${resumeToken}`,
  pdf: (linkToken: string) => `/pdf/${linkToken}`,
  assets: '/assets',
  uswds: '/assets/uswds',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  api: {
    registrations: '/api/v1/registrations',
    registration: (uid: string) => `/api/v1/registrations/${uid}`,
    states: '/api/v1/states',
    state: (code: string) => `/api/v1/states/${code}`,
  },
} as const;
