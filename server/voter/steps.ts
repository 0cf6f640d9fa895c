// The voter's steps in order, and which one a registration should be on.
import type { Answers } from '../registrations/answers.js';
import { stateOfAnswers, under18DecisionOf, validateSection, type Section } from '../registrations/validate.js';

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

/** The steps after which a voter may be stopped: eligibility, and name (the date of birth, for someone under 18). */
export const STOP_STEPS: readonly Step[] = ['eligibility', 'name'];

/** Why this voter cannot use the federal form, if they can't. */
export type StopReason = 'not_citizen' | 'under_18' | 'state_refuses';

/**
 * Under 18: stopped only when the state's rule, applied to the voter's date of birth today, says
 * not yet (or there is no rule). Until the name step gives the date of birth, the voter continues.
 */
export function stopReason(answers: Answers, now: number): StopReason | null {
  if (answers.usCitizen === false) return 'not_citizen';
  const under18 = under18DecisionOf(answers, now);
  if (under18 !== null && under18 !== 'needs_date_of_birth' && under18.kind !== 'may_register') return 'under_18';
  const state = stateOfAnswers(answers);
  if (state && !state.acceptsFederalForm) return 'state_refuses';
  return null;
}

/** The first step whose answers are missing or invalid: where a returning voter resumes. */
export function firstIncompleteStep(answers: Answers, now: number, idNumber: string | undefined, emailOptional = false): Step | 'review' {
  for (const step of STEPS) {
    if (step === 'review') return 'review';
    if (validateSection(step, answers, { now, idNumber, emailOptional }).length > 0) return step;
    if (STOP_STEPS.includes(step) && stopReason(answers, now)) return step;
  }
  return 'review';
}
