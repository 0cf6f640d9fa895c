// Typed errors any layer may throw: domain code (registrations, auth, partners, …), the API and the
// pages alike. Each carries the HTTP status and stable code it answers with, so throwing one is
// enough; the one mapping from an error to an HTTP answer is server/http/error-handler.ts. Nothing
// here imports express or anything of http/ (the @tryghost/errors idea).

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

/** A form without its valid token, or sent from another site (http/csrf.ts): a 403 the security log names. */
export class CsrfRefused extends Forbidden {}

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

/** A voter's link to a registration they erased (voter/erase-routes.ts): the error page says it was deleted. */
export class RegistrationErased extends AppError {
  constructor() {
    super(410, 'registration_erased', 'This registration was deleted');
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message: string) {
    super(503, 'unavailable', message);
  }
}

/** Past a rate limit (http/rate-limit.ts); answered 429 with Retry-After. */
export class TooManyRequests extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s`);
  }
}

/** Shed by admission control (http/admission.ts): too many requests at once; 503 with Retry-After. */
export class Overloaded extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(503, 'busy', `The service is busy; try again in ${retryAfterSeconds} s`);
  }
}
