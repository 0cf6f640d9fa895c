// What every JSON API response and request shares, beyond each operation's schema (ASVS 13.1.5,
// 13.2.5, 14.4.2): a request that carries a body must say it is JSON (anything else is a 415
// naming the expected type, before a byte of the body is read), and every answer is marked as a
// download (`Content-Disposition: attachment`), so a browser sent straight to an API URL never
// renders a body an attacker helped shape (reflected file download, content sniffing).
import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

/** The methods that carry a body in this API. */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

export const apiEnvelope: RequestHandler = (req, res, next) => {
  res.set('Content-Disposition', 'attachment; filename="api.json"');
  // An empty POST is left to the operation, whose validation names the missing fields.
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (WITH_BODY.has(req.method) && hasBody && !req.is('application/json')) {
    next(new AppError(415, 'unsupported_media_type', 'The request body must be JSON (Content-Type: application/json)'));
    return;
  }
  next();
};
