// The API's request shapes (zod). Strict objects: an unknown field is an error, never ignored.
// Shapes and types here; the rules that depend on a state live in registrations/validate.ts.
import { z } from 'zod';
import { RACE_KEYS } from '../registrations/answers.js';

const str = (max: number) => z.string().max(max * 4); // generous here; field rules give the precise message
const address = z.strictObject({ street: str(100), unit: str(20).optional(), city: str(50), state: z.string().max(2), zip: z.string().max(10) });

export const createRegistrationBody = z.strictObject({
  lang: z.enum(['en', 'es']).default('en'),
  email: str(254),
  dateOfBirth: z.string().max(10),
  usCitizen: z.boolean(),
  eighteenByElectionDay: z.boolean(),
  title: str(10).optional(),
  firstName: str(50),
  middleName: str(50).optional(),
  lastName: str(50),
  suffix: str(10).optional(),
  homeAddress: address,
  mailingAddress: address.optional(),
  previousName: z.strictObject({ title: str(10).optional(), firstName: str(50), middleName: str(50).optional(), lastName: str(50), suffix: str(10).optional() }).optional(),
  previousAddress: address.optional(),
  phone: z.string().max(30).optional(),
  idNumber: z.string().max(100),
  party: z.string().max(50).optional(),
  race: z.enum(RACE_KEYS).optional(),
  attest: z.boolean(),
  source: z.string().max(100).optional(),
  tracking: z.string().max(100).optional(),
});

export type CreateRegistrationBody = z.infer<typeof createRegistrationBody>;

export const registrationIdParam = z.string().regex(/^[0-9a-f]{32}$/);

/** zod issues → the API's field errors: the path, and a sentence saying what was expected. */
export function zodFieldErrors(error: z.ZodError): Array<{ path: string; code: string; message: string }> {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // One error per key: a client maps each path to one field (a key may itself hold a comma).
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
      return issue.keys.map((k) => ({ path: `${prefix}${k}`, code: 'unknown_field', message: `Unknown field: ${prefix}${k}` }));
    }
    const path = issue.path.join('.') || '(body)';
    const received = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.code;
    return { path, code: received, message: received === 'required' ? `${path} is required` : `${path}: ${issue.message}` };
  });
}

const isoTime = z.iso.datetime({ offset: true });

/** GET /api/v1/registrations: the caller's completed registrations, submitted in [since, until), oldest first. */
export const listRegistrationsQuery = z.strictObject({
  since: isoTime.optional(),
  until: isoTime.optional(),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const registrationSummary = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'pdf_ready']),
  channel: z.enum(['web', 'api']),
  lang: z.enum(['en', 'es']),
  state: z.string().nullable(),
  source: z.string().nullable(),
  tracking: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string(),
});

export const registrationList = z.object({ data: z.array(registrationSummary), nextCursor: z.string().nullable() });
