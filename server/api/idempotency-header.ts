// The Idempotency-Key request header of POST /api/v1/registrations (optional): any string a
// client chooses per registration (a UUID, say), 1–255 printable ASCII characters, scoped to the
// partner's API key. A replay is answered as the first request was, plus Idempotent-Replayed.
// The zod object below both parses the header and documents it (operations.ts → OpenAPI).
import type { Request } from 'express';
import { z } from 'zod';
import { ValidationFailed } from '../errors.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY_MAX = 255;

const PRINTABLE_ASCII = new RegExp(`^[\\x20-\\x7e]{1,${IDEMPOTENCY_KEY_MAX}}$`);

export const idempotencyHeaders = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .regex(PRINTABLE_ASCII)
    .optional()
    .meta({
      description: `Makes a retry safe: a new value (1–${IDEMPOTENCY_KEY_MAX} printable ASCII characters, a UUID say) per registration, the same on every retry of it. A retry with the same key and body answers the first registration again (with \`${REPLAYED_HEADER}: true\`); the same key with another body is a 422 naming this header. Keys are per partner.`,
      examples: ['3f2b8c1e-6d4a-4e8f-9b0a-7c5d2e1f4a6b'],
    }),
});

/** The header's value; undefined when absent; a 422 naming the header when malformed. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const parsed = idempotencyHeaders.safeParse({ [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) });
  if (!parsed.success) {
    throw new ValidationFailed([
      {
        path: IDEMPOTENCY_KEY_HEADER,
        code: 'invalid',
        message: `${IDEMPOTENCY_KEY_HEADER}: 1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters`,
      },
    ]);
  }
  return parsed.data[IDEMPOTENCY_KEY_HEADER];
}
