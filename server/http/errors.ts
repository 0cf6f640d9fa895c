// Typed errors and their one mapping to HTTP. Routes throw; errorHandler answers.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { ErrorBody } from './error-body.js';
import { paths } from './paths.js';

export interface FieldError {
  /** Dotted path of the field, as the API names it: `homeAddress.zip`. */
  path: string;
  /** Stable machine code, also the locale key under `errors.` */
  code: string;
  /** English sentence for API clients and logs (never contains the voter's input). */
  message: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends AppError {
  constructor(readonly fields: FieldError[]) {
    super(422, 'validation', `Validation failed: ${fields.map((f) => f.path).join(', ')}`);
  }
}

export class NotFound extends AppError {
  constructor(what = 'Not found') {
    super(404, 'not_found', what);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'A valid API key is required (Authorization: Bearer <key>)') {
    super(401, 'unauthorized', message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Forbidden') {
    super(403, 'forbidden', message);
  }
}

export class BadRequest extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message);
  }
}

export class Gone extends AppError {
  constructor(message = 'This link has expired') {
    super(410, 'gone', message);
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message: string) {
    super(503, 'unavailable', message);
  }
}

/** Errors raised by libraries (body parser, storage) carry their own shapes; bring them to AppError. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; code?: string; message?: string };
  if (e?.type === 'entity.too.large') return new AppError(413, 'too_large', 'The request body is too large');
  if (e?.type === 'entity.parse.failed') return new BadRequest('The request body is not valid JSON', 'invalid_json');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return new AppError(415, 'unsupported', 'Unsupported body encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError(e.status, e.code ?? 'bad_request', e.message ?? 'Bad request');
  if (e?.code === 'STORAGE_UNAVAILABLE') return new ServiceUnavailable('Storage is temporarily unavailable');
  return null;
}

export interface ErrorPageRenderer {
  (req: Parameters<ErrorRequestHandler>[1], status: number, code: string): string;
}

export function errorHandler(logger: Logger, renderPage: ErrorPageRenderer, exposeStack: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    const status = known?.status ?? 500;
    const code = known?.code ?? 'internal';
    if (!known) logger.error({ err, method: req.method, route: req.route?.path ?? req.path }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const wantsJson = req.path.startsWith(`${paths.api.root}/`) || (req.accepts(['html', 'json']) === 'json');
    if (wantsJson) {
      // Typed by the schema the OpenAPI document publishes (error-body.ts); `stack` only in development.
      const body: ErrorBody & { stack?: string } = { error: code, message: known?.message ?? 'Internal server error' };
      if (known instanceof ValidationFailed) body.fields = known.fields.map(({ path, message }) => ({ path, message }));
      if (!known && exposeStack) body.stack = (err as Error)?.stack;
      res.status(status).json(body);
      return;
    }
    res.status(status).type('html').send(renderPage(req, status, code) + (exposeStack && !known ? `<pre>${escapeHtml(String((err as Error)?.stack))}</pre>` : ''));
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
