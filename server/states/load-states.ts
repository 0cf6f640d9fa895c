// Reads and validates the state data file. Errors name the state and the field, all at once.
import fs from 'node:fs';
import type { z } from 'zod';
import { buildStateRules } from './build-rules.js';
import { statesFileSchema } from './data-schema.js';
import type { StateRules } from './types.js';

export class StateDataError extends Error {
  constructor(
    source: string,
    readonly problems: string[],
  ) {
    super(`Invalid state data in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StateDataError';
  }
}

/** Validates parsed JSON and builds the rules; `source` only names the file in errors. */
export function parseStatesData(data: unknown, source = 'state data'): StateRules[] {
  const result = statesFileSchema.safeParse(data);
  if (!result.success)
    throw new StateDataError(
      source,
      result.error.issues.map((issue) => describe(issue, data)),
    );
  return result.data.states.map(buildStateRules);
}

export function readStatesFile(file: string): StateRules[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StateDataError(file, [(error as Error).message]);
  }
  return parseStatesData(data, file);
}

// "states[3].idNumber.kind" is useless at 2 a.m.; "NC: idNumber.kind: …" is not.
function describe(issue: z.core.$ZodIssue, data: unknown): string {
  const [top, index, ...field] = issue.path;
  if (top === 'states' && typeof index === 'number') {
    const code = stateCodeAt(data, index) ?? `states[${index}]`;
    return `${code}: ${field.join('.') || '(entry)'}: ${issue.message}`;
  }
  return `${issue.path.join('.') || '(file)'}: ${issue.message}`;
}

function stateCodeAt(data: unknown, index: number): string | undefined {
  const states = (data as { states?: unknown } | null)?.states;
  const entry = Array.isArray(states) ? (states[index] as { code?: unknown } | undefined) : undefined;
  return typeof entry?.code === 'string' ? entry.code : undefined;
}
