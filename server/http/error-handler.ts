// The one mapping from an error to an HTTP answer. Any layer throws the typed errors of
// server/errors.ts; errorHandler answers them (JSON shaped by error-body.ts, or an HTML page), and
// toAppError brings the errors of libraries (body parser, storage) to the same shape.
import type { ErrorRequestHandler } from 'express';
import { StorageUnavailable } from '@rollcall/storage';
import { AppError, BadRequest, CsrfRefused, ServiceUnavailable, ValidationFailed } from '../errors.js';
import type { SecurityLog } from './security-log.js';
import { escapeHtml } from '../escape-html.js';
import type { Logger } from '../logger.js';
import type { ErrorBody } from './error-body.js';
import { paths } from '../paths.js';

/** Errors raised by libraries (body parser, storage) carry their own shapes; bring them to AppError. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; code?: string; message?: string };
  if (e?.type === 'entity.too.large') return new AppError(413, 'too_large', 'The request body is too large');
  if (e?.type === 'entity.parse.failed') return new BadRequest('The request body is not valid JSON', 'invalid_json');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new AppError(415, 'unsupported', 'Unsupported body encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError(e.status, e.code ?? 'bad_request', e.message ?? 'Bad request');
  // Only a quorum failure is "try again" (503); a missing copy or a bad key stays a 500 (a bug or lost data).
  if (err instanceof StorageUnavailable) return new ServiceUnavailable('Storage is temporarily unavailable');
  return null;
}

export interface ErrorPageRenderer {
  (req: Parameters<ErrorRequestHandler>[1], status: number, code: string): string;
}

export function errorHandler(
  logger: Logger,
  renderPage: ErrorPageRenderer,
  exposeStack: boolean,
  security?: SecurityLog,
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    const status = known?.status ?? 500;
    const code = known?.code ?? 'internal';
    if (security) {
      if (known instanceof CsrfRefused) security.event(req, 'csrf_refused');
      else if (status === 403) security.event(req, 'forbidden');
      else if (status === 401 && req.path.startsWith(`${paths.api.root}/`)) security.event(req, 'api_key_refused');
      else if (status === 429) security.event(req, 'rate_limited');
    }
    if (!known) logger.error({ err, method: req.method, route: req.route?.path ?? req.path }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const wantsJson = req.path.startsWith(`${paths.api.root}/`) || req.accepts(['html', 'json']) === 'json';
    if (wantsJson) {
      // Typed by the schema the OpenAPI document publishes (error-body.ts); `stack` only in development.
      const body: ErrorBody & { stack?: string } = { error: code, message: known?.message ?? 'Internal server error' };
      if (known instanceof ValidationFailed) body.fields = known.fields.map(({ path, message }) => ({ path, message }));
      if (!known && exposeStack) body.stack = (err as Error)?.stack;
      res.status(status).json(body);
      return;
    }
    res
      .status(status)
      .type('html')
      .send(renderPage(req, status, code) + (exposeStack && !known ? `<pre>${escapeHtml(String((err as Error)?.stack))}</pre>` : ''));
  };
}
