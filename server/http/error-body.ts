// The JSON body of every API error, as a zod schema: errorHandler's output is typed by it and the
// OpenAPI document (server/api/openapi.ts) describes it from the same schema.
import { z } from 'zod';

export const fieldErrorBody = z
  .object({
    path: z.string().meta({ description: 'Dotted path of the field, e.g. `homeAddress.zip`; `(body)` for the body as a whole.' }),
    message: z.string().meta({ description: 'What was expected, in English. Never echoes the value sent.' }),
  })
  .meta({ id: 'FieldError', description: 'One problem with one field.' });

export const errorBody = z
  .object({
    error: z
      .string()
      .meta({ description: 'Stable machine code: `unauthorized`, `not_found`, `invalid_json`, `too_large`, `rate_limited`, `busy`, …' }),
    message: z.string().meta({ description: 'A sentence for people, in English.' }),
    fields: z.array(fieldErrorBody).optional().meta({ description: 'Only on validation errors.' }),
  })
  .meta({ id: 'Error', description: 'Every error answer has this body.' });

export const validationErrorBody = errorBody
  .extend({
    error: z.literal('validation'),
    fields: z.array(fieldErrorBody).min(1).meta({ description: 'Every problem at once, each by path.' }),
  })
  .meta({ id: 'ValidationError', description: 'The request was understood but some fields are wrong or missing.' });

export type ErrorBody = z.infer<typeof errorBody>;
