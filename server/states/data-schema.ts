// The shape of data/states.json. Validated once at load; a bad file stops the boot naming the
// state and the field, so a typo made while updating facts before an election cannot ship.
import { z } from 'zod';
import { UNDER18_RULE_KEYS } from './under18-rules.js';
import { addressProblems, linkProblems } from './fact-checks.js';

/** The jurisdictions Rollcall serves: the 50 states and DC, no more, no fewer. */
export const JURISDICTION_CODES = [
  'AK',
  'AL',
  'AR',
  'AZ',
  'CA',
  'CO',
  'CT',
  'DC',
  'DE',
  'FL',
  'GA',
  'HI',
  'IA',
  'ID',
  'IL',
  'IN',
  'KS',
  'KY',
  'LA',
  'MA',
  'MD',
  'ME',
  'MI',
  'MN',
  'MO',
  'MS',
  'MT',
  'NC',
  'ND',
  'NE',
  'NH',
  'NJ',
  'NM',
  'NV',
  'NY',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VA',
  'VT',
  'WA',
  'WI',
  'WV',
  'WY',
] as const;
export type JurisdictionCode = (typeof JURISDICTION_CODES)[number];

const text = z.string().trim().min(1);
const localized = z.strictObject({ en: text, es: text });
const choice = z.strictObject({ key: z.string().regex(/^[a-z0-9_]+$/), label: localized });
/** Where one fact came from and the day someone checked it against that source. */
const factSource = z.strictObject({ source: text, checked: z.iso.date() });

const stateEntry = z
  .strictObject({
    code: z.enum(JURISDICTION_CODES),
    name: text,
    nameEs: text,
    source: text,
    lastChecked: z.iso.date(),
    acceptsFederalForm: z.boolean(),
    requiresRace: z.boolean(),
    requiresParty: z.boolean(),
    parties: z.array(choice),
    noParty: choice.nullable(),
    deadline: localized,
    under18Rule: z.enum(UNDER18_RULE_KEYS).nullable(),
    office: z.strictObject({
      mailingAddress: z.array(text).min(1),
      phone: text.optional(),
      url: z.url().optional(),
    }),
    onlineRegistrationUrl: z.url().nullable(),
    refusalReason: localized.optional(),
    // One source and date per fact that was checked on its own (more than "Rocky said so").
    factSources: z.strictObject({
      onlineRegistrationUrl: factSource,
      mailingAddress: factSource,
      nameEs: factSource,
      under18Rule: factSource,
    }),
  })
  .superRefine((state, ctx) => {
    // The refusal text is what the voter reads instead of a form: required exactly when refusing.
    if (!state.acceptsFederalForm && !state.refusalReason) {
      ctx.addIssue({ code: 'custom', path: ['refusalReason'], message: 'is required when acceptsFederalForm is false' });
    }
    if (state.acceptsFederalForm && state.refusalReason) {
      ctx.addIssue({ code: 'custom', path: ['refusalReason'], message: 'must be absent when acceptsFederalForm is true' });
    }
    for (const problem of addressProblems(state.code, state.office.mailingAddress))
      ctx.addIssue({ code: 'custom', path: ['office', 'mailingAddress'], message: problem });
    if (state.onlineRegistrationUrl && URL.canParse(state.onlineRegistrationUrl)) {
      for (const problem of linkProblems(state.onlineRegistrationUrl))
        ctx.addIssue({ code: 'custom', path: ['onlineRegistrationUrl'], message: problem });
    }
    const keys = [...state.parties.map((p) => p.key), ...(state.noParty ? [state.noParty.key] : [])];
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', path: ['parties'], message: `party key "${duplicate}" appears twice` });
  });

export const statesFileSchema = z.strictObject({ about: text, states: z.array(stateEntry) }).superRefine(
  (file, ctx) => {
    // Runs even when some entries are broken (see `when`), so every problem shows at once;
    // hence the entries are read as unknown here.
    const codes = file.states.map((entry) => (entry as { code?: unknown } | null)?.code);
    const missing = JURISDICTION_CODES.filter((code) => !codes.includes(code));
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['states'], message: `missing ${missing.join(', ')}` });
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    if (repeated.length > 0) ctx.addIssue({ code: 'custom', path: ['states'], message: `repeated ${repeated.join(', ')}` });
  },
  { when: (payload) => Array.isArray((payload.value as { states?: unknown } | null)?.states) },
);

export type StatesFile = z.infer<typeof statesFileSchema>;
export type StateEntry = StatesFile['states'][number];
