// `Cache-Control: no-store` for every response that may carry a voter's personal data (ASVS 8.2.1):
// the voter's steps, review and end page (a shared tablet's back button or disk cache must not
// show the next person the last one's answers), the email link pages, and the API's registrations.
import type { RequestHandler } from 'express';

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
