// State codes and names for the admin filters, from the state registry.
import { listStates } from '../states/index.js';

export const STATE_CODES: string[] = listStates().map((s) => s.code);

export function stateOptions(): Array<{ value: string; label: string }> {
  return listStates().map((s) => ({ value: s.code, label: `${s.code} — ${s.name}` }));
}
