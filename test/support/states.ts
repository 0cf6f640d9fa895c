// Small helpers shared by the state-rule tests.
import { getState, type StateRules } from '../../server/states/index.js';

export function mustGetState(code: string): StateRules {
  const state = getState(code);
  if (!state) throw new Error(`no state ${code}`);
  return state;
}
