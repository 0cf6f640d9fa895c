// The API's request and response shapes (zod). Request objects are strict: an unknown field is an
// error, never ignored. The handlers validate requests with these schemas and type their answers
// by them, and the OpenAPI document is generated from them (openapi.ts): `.meta({ id })` makes a
// schema a named component there. Rules that depend on a state live in registrations/validate.ts.
import { z } from 'zod';
import { RACE_KEYS } from '../registrations/answers.js';
import { MAX_LENGTH } from '../registrations/field-rules.js';
import { ID_TYPES, NONE_OUTCOMES } from '../states/index.js';

const str = (max: number) => z.string().max(max * 4); // generous here; field rules give the precise message
const address = z
  .strictObject({
    street: str(MAX_LENGTH.addressLine),
    unit: str(MAX_LENGTH.unit)
      .optional()
      .meta({ description: `Apartment, unit or lot, at most ${MAX_LENGTH.unit} characters (what its box on the form prints).` }),
    city: str(MAX_LENGTH.city),
    state: z.string().max(2).meta({ description: 'Two-letter state code (home address: one of `GET /api/v1/states`).' }),
    zip: z.string().max(10).meta({ description: '5 digits, or ZIP+4; must lie in the state.' }),
  })
  .meta({ id: 'Address' });

const previousName = z
  .strictObject({
    title: str(10).optional(),
    firstName: str(MAX_LENGTH.name),
    middleName: str(MAX_LENGTH.name).optional(),
    lastName: str(MAX_LENGTH.name),
    suffix: str(10).optional(),
  })
  .meta({ id: 'PreviousName', description: 'The name the voter was last registered under, if it changed.' });

const lang = z.enum(['en', 'es']);

export const createRegistrationBody = z
  .strictObject({
    lang: lang.default('en').meta({ description: 'Language of the PDF and of the state texts.' }),
    email: str(254).optional().meta({
      description:
        "The voter's email address. Required, unless your partner setting makes it optional (partner portal, Widget page); an address given is checked either way.",
    }),
    dateOfBirth: z.string().max(10).meta({ description: '`YYYY-MM-DD`.' }),
    usCitizen: z.boolean().meta({ description: 'Must be true.' }),
    eighteenByElectionDay: z.boolean().meta({
      description:
        "False only where the state's under-18 rule lets this date of birth register today (pre-registration); else must be true.",
    }),
    title: str(10).optional().meta({ description: '`Mr.` `Mrs.` `Miss` `Ms.` `Sr.` `Sra.` `Srta.`' }),
    firstName: str(MAX_LENGTH.name),
    middleName: str(MAX_LENGTH.name).optional(),
    lastName: str(MAX_LENGTH.name),
    suffix: str(10).optional().meta({ description: '`Jr.` `Sr.` `II` `III` `IV`' }),
    homeAddress: address,
    mailingAddress: address.optional(),
    previousName: previousName.optional(),
    previousAddress: address.optional(),
    phone: z.string().max(30).optional(),
    idType: z.enum(ID_TYPES).optional().meta({
      description:
        "Which identifier `idNumber` holds, one of the state's `idNumber.accepts` (`GET /api/v1/states/{code}`): `state_id` (driver's license or state ID number), `ssn_last4` (the last four digits of the Social Security number), `ssn_full` (all nine digits), `state_id_and_ssn_last4` (the license number, a space, the four digits), `none` (the voter has none of them: every state accepts it). Without it the type is inferred from `idNumber`: `NONE`/`NINGUNO` is none, 4 digits the last four and 9 digits a full Social Security number where the state accepts them, anything else a license number.",
    }),
    idNumber: z.string().max(100).meta({
      description:
        "The number, checked by its type's format: a license number (letters and digits, with at least one digit, up to 20), 4 digits, or 9 digits (`123-45-6789`; numbers the Social Security Administration never issues are refused); `NONE` or empty with `idType` `none`. A wrong one answers 422 on `idNumber`, saying what the state wants.",
    }),
    party: z
      .string()
      .max(50)
      .optional()
      .meta({ description: "A party key of the state, or its no-party key; required where the state's `requiresParty`." }),
    otherParty: str(40).optional().meta({
      description:
        "The party's name as the voter writes it (at most 40 characters, printed in box 7); required when `party` is `other`, refused with any other party.",
    }),
    race: z.enum(RACE_KEYS).optional().meta({ description: "Required where the state's `requiresRace`." }),
    attest: z.boolean().meta({ description: 'The voter swears to the declaration on the form; must be true.' }),
    source: z.string().max(100).optional().meta({ description: 'Your own label for where the voter came from.' }),
    tracking: z.string().max(100).optional().meta({ description: 'Your own identifier, returned in the list and in webhooks.' }),
    send_voter_email: z.boolean().optional().meta({
      description:
        'Whether Rollcall emails this voter (the confirmation with the link to the form, reminders): `false` when you write to the voter yourself. Without it, your partner setting decides ("Rollcall emails your voters", on unless you turned it off). A voter without an email address gets no mail either way.',
    }),
  })
  .meta({
    id: 'RegistrationRequest',
    description:
      'A complete registration: every section at once. Text is read as the web form reads it: surrounding whitespace removed, Unicode composed (NFC). Unknown fields are an error. The lengths here are outer bounds; the rules of each field and state are tighter (a name: 50 characters) and answer 422 naming the field.',
  });

export type CreateRegistrationBody = z.infer<typeof createRegistrationBody>;

/** The same body for a partner whose voters must give an email address (the default): `email` is required. */
export const createRegistrationBodyEmailRequired = createRegistrationBody.required({ email: true });

export const registrationIdParam = z.string().regex(/^[0-9a-f]{32}$/);

/** GET /api/v1/registrations/{id} */
export const registrationPathParams = z.object({
  id: registrationIdParam.meta({
    description: 'The `id` that `POST /api/v1/registrations` answered.',
    examples: ['4f1c2b7e9a0d4c6f8e2b1a3c5d7e9f01'],
  }),
});

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
  since: isoTime
    .optional()
    .meta({ description: 'Submitted at or after this time (ISO 8601 with an offset).', examples: ['2026-10-01T00:00:00Z'] }),
  until: isoTime
    .optional()
    .meta({ description: 'Submitted before this time (ISO 8601 with an offset).', examples: ['2026-11-01T00:00:00-04:00'] }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/)
    .optional()
    .meta({ description: "The previous page's `nextCursor`." }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'Rows per page.' }),
});

const isoOut = z.iso.datetime();

export const registrationCreated = z
  .object({
    id: z.string().meta({ description: '32 hex digits.' }),
    status: z.literal('accepted'),
    statusUrl: z.url().meta({ description: 'Where to ask for the status and the PDF link.' }),
  })
  .meta({
    id: 'RegistrationCreated',
    description: 'The registration is durable from this answer on; its PDF is rendered in the background.',
  });

export const registrationStatus = z
  .object({
    id: z.string(),
    status: z.enum(['accepted', 'pdf_ready']),
    pdfUrl: z.url().nullable().meta({
      description:
        'Once `pdf_ready`, for a registration you sent through this API: a link (256 random bits; expires after PDF_LINK_TTL_MINUTES, then 410), the same on every call while it has half its life left. Always null for a voter who filled the form in your widget or link: their ID number is not yours to see.',
    }),
    createdAt: isoOut,
  })
  .meta({ id: 'RegistrationStatus' });

export const registrationSummary = z
  .object({
    id: z.string(),
    status: z.enum(['accepted', 'pdf_ready']),
    channel: z.enum(['web', 'api']).meta({ description: 'Through your widget or link (`web`) or this API (`api`).' }),
    lang,
    state: z.string().nullable(),
    source: z.string().nullable(),
    tracking: z.string().nullable(),
    createdAt: isoOut,
    submittedAt: isoOut,
  })
  .meta({ id: 'RegistrationSummary' });

export const registrationList = z
  .object({
    data: z.array(registrationSummary),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  })
  .meta({ id: 'RegistrationList' });

/** GET /api/v1/states and /api/v1/states/{code} */
export const langQuery = z.object({ lang: lang.default('en').meta({ description: 'Language of the names and texts.' }) });

export const statePathParams = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .meta({ description: 'Two-letter code, either case.', examples: ['CA'] }),
});

const choice = z.object({ key: z.string(), label: z.string() }).meta({ id: 'PartyChoice' });

export const stateRules = z
  .object({
    code: z.string(),
    name: z.string(),
    acceptsFederalForm: z.boolean().meta({ description: 'ND, NH and WY do not accept the federal form: see `refusalReason`.' }),
    refusalReason: z.string().nullable(),
    requiresParty: z.boolean(),
    requiresRace: z.boolean(),
    parties: z.array(choice),
    noParty: choice.nullable(),
    idNumber: z
      .object({
        accepts: z.array(z.enum(ID_TYPES)).meta({
          description:
            'The identifiers the state accepts in box 6, in the order it asks for them; `none` always (federal law: a voter with neither a license nor a Social Security number is assigned a number).',
        }),
        none: z
          .enum(NONE_OUTCOMES)
          .meta({ description: "What the state's instruction says happens to a voter who has none of them (`noneText` in words)." }),
        noneText: z.string(),
        licence: z
          .object({ min: z.number().int(), max: z.number().int() })
          .meta({ description: 'Length of a license or state ID number (letters and digits, spaces and dashes not counted).' }),
        rule: z.string().meta({ description: 'What to give, in words, with `noneText` at the end.' }),
        source: z.string().meta({ description: 'Where the facts come from.' }),
        checked: z.string().meta({ description: 'When they were last compared with the source (YYYY-MM-DD).' }),
        minLength: z.number().int().meta({ description: 'Deprecated: the shortest `idNumber` any accepted identifier allows.' }),
        maxLength: z.number().int().meta({ description: 'Deprecated: the longest.' }),
        noneAllowed: z.literal(true).meta({ description: 'Deprecated: always true.' }),
      })
      .meta({ id: 'IdNumberRule' }),
    registrationDeadline: z.string(),
    under18Rule: z.string().nullable(),
    electionOffice: z.object({ mailingAddress: z.array(z.string()), phone: z.string().optional(), url: z.string().optional() }),
    onlineRegistrationUrl: z.string().nullable(),
  })
  .meta({ id: 'StateRules' });

export const stateList = z.object({ states: z.array(stateRules) }).meta({ id: 'StateList' });
