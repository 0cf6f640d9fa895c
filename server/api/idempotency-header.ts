// The Idempotency-Key request header of POST /api/v1/registrations (optional): any string a
// client chooses per registration (a UUID, say), 1–255 printable ASCII characters, scoped to the
// partner's API key. A replay is answered as the first request was, plus Idempotent-Replayed.
import type { Request } from 'express';
import { ValidationFailed } from '../http/errors.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY_MAX = 255;

const PRINTABLE_ASCII = new RegExp(`^[\\x20-\\x7e]{1,${IDEMPOTENCY_KEY_MAX}}$`);

/** The header's value; undefined when absent; a 422 naming the header when malformed. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.get(IDEMPOTENCY_KEY_HEADER);
  if (value === undefined) return undefined;
  if (!PRINTABLE_ASCII.test(value)) {
    throw new ValidationFailed([
      { path: IDEMPOTENCY_KEY_HEADER, code: 'invalid', message: `${IDEMPOTENCY_KEY_HEADER}: 1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters` },
    ]);
  }
  return value;
}
