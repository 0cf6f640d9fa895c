// Express 5 leaves req.body undefined when no parser took the body (multipart, text/plain, no
// Content-Type). Routes read form fields from it; undefined would be a TypeError and a 500. Read
// as "no fields", a form route answers what it answers a missing field (403 without its CSRF
// token). A route that streams its own body (busboy) is unaffected: the stream is untouched.
import type { RequestHandler } from 'express';

export const unparsedBodyIsEmpty: RequestHandler = (req, _res, next) => {
  if (req.body === undefined) req.body = {};
  next();
};
