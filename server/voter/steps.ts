// The voter's steps in order, and which one a registration should be on.
import type { Answers } from '../registrations/answers.js';
import { stateOfAnswers, validateSection, type Section } from '../registrations/validate.js';

export type Step = Section; // eligibility, name, addresses, id, party, review
export const STEPS: readonly Step[] = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

export function nextStep(step: Step): Step | 'done' {
  return STEPS[STEPS.indexOf(step) + 1] ?? 'done';
}

export function previousStep(step: Step): Step | null {
  return STEPS[STEPS.indexOf(step) - 1] ?? null;
}

/** Why this voter cannot use the federal form, if they can't. */
export type StopReason = 'not_citizen' | 'under_18' | 'state_refuses';

export function stopReason(answers: Answers): StopReason | null {
  if (answers.usCitizen === false) return 'not_citizen';
  if (answers.eighteenByElectionDay === false) return 'under_18';
  const state = stateOfAnswers(answers);
  if (state && !state.acceptsFederalForm) return 'state_refuses';
  return null;
}

/** The first step whose answers are missing or invalid: where a returning voter resumes. */
export function firstIncompleteStep(answers: Answers, now: number, idNumber: string | undefined, emailOptional = false): Step | 'review' {
  for (const step of STEPS) {
    if (step === 'review') return 'review';
    if (validateSection(step, answers, { now, idNumber, emailOptional }).length > 0) return step;
    if (step === 'eligibility' && stopReason(answers)) return 'eligibility';
  }
  return 'review';
}
