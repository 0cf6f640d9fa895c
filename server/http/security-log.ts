// The security log: one structured line (pino, `component: "security"`, level warn) for each
// event someone watching for an attack needs: failed and locked sign-ins, wrong second-factor codes,
// refused API keys, CSRF refusals, rate limits hit, password resets asked for and used, other
// refusals (403), second factors reset by an admin, security keys added and removed, registrations
// erased, and web registrations submitted faster than a person can. No personal data: no email
// address, password or token; the client's address cut to its /24 or /48;
// the route's pattern, never a path with a secret in it (/r/:token, /pdf/:token).
import type { Request } from 'express';
import type { Logger } from '../logger.js';
import { truncatedAddress } from './client-address.js';

export type SecurityEvent =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_in_locked'
  | 'second_factor_failed'
  | 'api_key_refused'
  | 'csrf_refused'
  | 'forbidden'
  | 'rate_limited'
  | 'password_reset_requested'
  | 'password_reset_completed'
  | 'password_reset_refused'
  | 'password_changed'
  | 'password_change_refused'
  | 'session_ended'
  | 'second_factor_reset'
  | 'security_key_added'
  | 'security_key_removed'
  | 'registration_erased'
  /** A web registration submitted faster than a person can (registrations/pace.ts): accepted, flagged. */
  | 'registration_too_fast';

/** The route a request took, as a pattern; an unmatched path with anything token-shaped masked. */
export function routeOf(req: Pick<Request, 'route' | 'baseUrl' | 'path'>): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}`;
  return req.path.replace(/[A-Za-z0-9_-]{20,}/g, ':token');
}

export class SecurityLog {
  constructor(private readonly logger: Logger) {}

  /** `fields`: what the event is about, never personal data (an area, a limit's name, a user id). */
  event(req: Request, event: SecurityEvent, fields: Record<string, string | number | boolean> = {}): void {
    this.logger.warn({ security: event, client: truncatedAddress(req.ip), method: req.method, route: routeOf(req), ...fields }, event);
  }
}
