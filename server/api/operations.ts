// THE TABLE of the partner API: one entry per route, in OpenAPI's words (path template, parameters,
// body, responses), built from the zod schemas the handlers validate with. The routers take their
// paths from here and answer through `reply`, whose body type is the documented schema of that
// status; openapi.ts turns the table into the published document. Adding a header parameter is
// one line in `params.header`; adding an answer is one line in `responses`.
import type { Response } from 'express';
import { z } from 'zod';
import { errorBody, validationErrorBody } from '../http/error-body.js';
import { paths } from '../paths.js';
import { IDEMPOTENCY_KEY_HEADER, idempotencyHeaders, REPLAYED_HEADER } from './idempotency-header.js';
import {
  createRegistrationBody,
  langQuery,
  listRegistrationsQuery,
  registrationCreated,
  registrationList,
  registrationPathParams,
  registrationStatus,
  stateList,
  statePathParams,
  stateRules,
} from './schemas.js';

export interface HeaderSpec {
  description: string;
  schema: z.ZodType;
  required?: boolean;
}

export interface LinkSpec {
  operationId: string;
  /** Parameter name → runtime expression, e.g. '$response.body#/id'. */
  parameters: Record<string, string>;
  description: string;
}

export interface ResponseSpec {
  description: string;
  /** A named schema (`.meta({ id })`): the document refers to it as a component. */
  schema: z.ZodType;
  headers?: Record<string, HeaderSpec>;
  links?: Record<string, LinkSpec>;
  /** An example answer (build it with `example()`, so the compiler checks it against `schema`). */
  example?: unknown;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template: `/api/v1/registrations/{id}`. */
  path: string;
  summary: string;
  description: string;
  /** `bearer`: Authorization: Bearer <API key>; `none`: public. */
  auth: 'bearer' | 'none';
  /** Each location a zod object: its keys are the parameters, their `.meta()` the descriptions. */
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  body?: { schema: z.ZodType; example: unknown; exampleSummary: string };
  responses: Record<number, ResponseSpec>;
}

/** An example of `schema`'s output: a wrong field is a compile error. */
const example = <S extends z.ZodType>(_schema: S, value: z.output<S>): z.output<S> => value;

const EXAMPLE_ID = '4f1c2b7e9a0d4c6f8e2b1a3c5d7e9f01';
const EXAMPLE_BASE = 'https://rollcall.example.org';

const retryAfter: HeaderSpec = { description: 'Seconds to wait before trying again.', schema: z.string().regex(/^\d+$/), required: true };

/** The answers several operations share. */
export const RESPONSES = {
  badJson: { description: 'The body is not valid JSON (`invalid_json`).', schema: errorBody },
  unauthorized: {
    description: 'No key, a wrong or a revoked key (`unauthorized`).',
    schema: errorBody,
    example: example(errorBody, { error: 'unauthorized', message: 'A valid API key is required (Authorization: Bearer <key>)' }),
    headers: { 'WWW-Authenticate': { description: '`Bearer`', schema: z.literal('Bearer'), required: true } },
  },
  notFound: { description: 'No such object, or one that is not yours: the two are indistinguishable (`not_found`).', schema: errorBody },
  tooLarge: { description: 'The body is over 64 KB (`too_large`).', schema: errorBody },
  invalid: {
    description: 'Fields are wrong or missing: every problem at once, each by path (`validation`).',
    schema: validationErrorBody,
    example: example(validationErrorBody, {
      error: 'validation',
      message: 'Validation failed: email',
      fields: [{ path: 'email', message: 'email is required' }],
    }),
  },
  tooManyBadKeys: {
    description: 'Too many requests with a wrong key from this address (20 a minute; `rate_limited`).',
    schema: errorBody,
    headers: { 'Retry-After': retryAfter },
  },
  busy: {
    description: 'This server is at capacity (`busy`); retry after the delay given.',
    schema: errorBody,
    headers: { 'Retry-After': retryAfter },
  },
} satisfies Record<string, ResponseSpec>;

const cachedHour: Record<string, HeaderSpec> = {
  'Cache-Control': { description: 'The answer may be cached for an hour.', schema: z.literal('public, max-age=3600'), required: true },
};

const exampleRegistration: z.input<typeof createRegistrationBody> = {
  lang: 'en',
  email: 'jordan.rivera@example.org',
  dateOfBirth: '1994-06-15',
  usCitizen: true,
  eighteenByElectionDay: true,
  firstName: 'Jordan',
  lastName: 'Rivera',
  homeAddress: { street: '1500 Capitol Ave', city: 'Sacramento', state: 'CA', zip: '95814' },
  idType: 'state_id',
  idNumber: 'D1234567',
  party: 'democratic',
  race: 'decline',
  attest: true,
  source: 'fall-drive',
  tracking: 'crm-000123',
};

export const operations = {
  createRegistration: {
    method: 'post',
    path: paths.api.registrations,
    summary: 'Submit a complete registration',
    description:
      "Validates every section against the state's rules (party keys, ID number rule, ZIP in the state) and accepts the registration in one transaction; the PDF is rendered in the background. The answer comes only once the registration is durable.",
    auth: 'bearer',
    params: { header: idempotencyHeaders },
    body: { schema: createRegistrationBody, example: exampleRegistration, exampleSummary: 'A voter in California' },
    responses: {
      201: {
        description: 'Accepted.',
        schema: registrationCreated,
        example: example(registrationCreated, {
          id: EXAMPLE_ID,
          status: 'accepted',
          statusUrl: `${EXAMPLE_BASE}${paths.api.registration(EXAMPLE_ID)}`,
        }),
        headers: {
          Location: {
            description: "The registration's status URL (a path).",
            schema: z.string().regex(/^\/api\/v1\/registrations\/[0-9a-f]{32}$/),
            required: true,
          },
          [REPLAYED_HEADER]: {
            description: `\`true\` when this answers a retry with an ${IDEMPOTENCY_KEY_HEADER} already used (nothing new was made).`,
            schema: z.literal('true'),
            required: false,
          },
        },
        links: {
          status: {
            operationId: 'getRegistration',
            parameters: { id: '$response.body#/id' },
            description: 'Ask for the status and the PDF link with the `id` answered.',
          },
        },
      },
      400: RESPONSES.badJson,
      401: RESPONSES.unauthorized,
      413: RESPONSES.tooLarge,
      422: RESPONSES.invalid,
      429: RESPONSES.tooManyBadKeys,
      503: RESPONSES.busy,
    },
  },
  listRegistrations: {
    method: 'get',
    path: paths.api.registrations,
    summary: 'List your completed registrations',
    description:
      'Your completed registrations (`accepted`, `pdf_ready`), oldest first, submitted in [since, until). Pages neither skip nor repeat rows while new ones arrive. An unknown parameter is an error.',
    auth: 'bearer',
    params: { query: listRegistrationsQuery },
    responses: {
      200: {
        description: 'One page.',
        schema: registrationList,
        example: example(registrationList, {
          data: [
            {
              id: EXAMPLE_ID,
              status: 'pdf_ready',
              channel: 'api',
              lang: 'en',
              state: 'CA',
              source: 'fall-drive',
              tracking: 'crm-000123',
              createdAt: '2026-10-01T15:00:00.000Z',
              submittedAt: '2026-10-01T15:00:00.000Z',
            },
          ],
          nextCursor: 'MTI4',
        }),
      },
      401: RESPONSES.unauthorized,
      422: RESPONSES.invalid,
      429: RESPONSES.tooManyBadKeys,
      503: RESPONSES.busy,
    },
  },
  getRegistration: {
    method: 'get',
    path: paths.api.registration('{id}'),
    summary: 'Status of one registration, and its PDF link',
    description: "Another partner's registration answers 404, exactly like one that does not exist.",
    auth: 'bearer',
    params: { path: registrationPathParams },
    responses: {
      200: {
        description: 'The registration.',
        schema: registrationStatus,
        example: example(registrationStatus, {
          id: EXAMPLE_ID,
          status: 'pdf_ready',
          pdfUrl: `${EXAMPLE_BASE}/pdf/yFyXltEkh_SHmQfWbgq0SDHZTKkwPprcdhESTF9KL74`,
          createdAt: '2026-10-01T15:00:00.000Z',
        }),
      },
      401: RESPONSES.unauthorized,
      404: RESPONSES.notFound,
      429: RESPONSES.tooManyBadKeys,
      503: RESPONSES.busy,
    },
  },
  listStates: {
    method: 'get',
    path: paths.api.states,
    summary: 'The rules of every state (50 states and DC)',
    description:
      'Which states accept the federal form, party keys, whether party and race are required, the ID number rule, deadlines and election offices. No key needed.',
    auth: 'none',
    params: { query: langQuery },
    responses: {
      200: { description: 'Every state.', schema: stateList, headers: cachedHour },
      422: RESPONSES.invalid,
      503: RESPONSES.busy,
    },
  },
  getState: {
    method: 'get',
    path: paths.api.state('{code}'),
    summary: 'The rules of one state',
    description: 'No key needed.',
    auth: 'none',
    params: { path: statePathParams, query: langQuery },
    responses: {
      200: { description: 'The state.', schema: stateRules, headers: cachedHour },
      404: RESPONSES.notFound,
      422: RESPONSES.invalid,
      503: RESPONSES.busy,
    },
  },
  getOpenApiDocument: {
    method: 'get',
    path: paths.api.openapi,
    summary: 'This document',
    description:
      'The OpenAPI 3.1 description of this API, generated from the schemas that validate the requests. A page for people: ' +
      paths.api.docs +
      '.',
    auth: 'none',
    responses: {
      200: {
        description: 'The document.',
        schema: z
          .looseObject({
            openapi: z.string().regex(/^3\.1\.\d+$/),
            info: z.looseObject({ title: z.string(), version: z.string() }),
            paths: z.record(z.string(), z.unknown()),
          })
          .meta({ id: 'OpenApiDocument' }),
        headers: cachedHour,
      },
      503: RESPONSES.busy,
    },
  },
} satisfies Record<string, OperationSpec>;

export type OperationId = keyof typeof operations;

/** The express route path of an operation: `{id}` → `:id`. */
export function routePath(op: OperationSpec): string {
  return op.path.replace(/\{(\w+)\}/g, ':$1');
}

/** Answers with a body of the type the document gives this operation's `status`. */
export function reply<R extends Record<number, ResponseSpec>, S extends keyof R & number>(
  res: Response,
  op: { responses: R },
  status: S,
  body: z.output<R[S]['schema']>,
): void {
  res.status(status).json(body);
}
