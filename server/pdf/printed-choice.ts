// Which printed tick box a title or suffix ticks. The two forms print different titles (English
// Mr., Mrs., Miss, Ms.; Spanish Sr., Sra., Srta.), and the voter may choose any of the seven in
// either language, or switch language after choosing: a title ticks its equivalent on the form
// of the registration's language. "Ms." has none on the Spanish form, so it gets a tick box of
// its own after the printed ones, rather than be typed over them or dropped.
const EQUIVALENT_TITLES: ReadonlyArray<readonly string[]> = [
  ['Mr.', 'Sr.'],
  ['Mrs.', 'Sra.'],
  ['Miss', 'Srta.'],
];

/** The printed option to tick, or the value to add as a choice of its own. */
export type PrintedChoice = { index: number } | { added: string };

function normalize(option: string): string {
  return option.toLowerCase().replace(/\.$/, '').trim();
}

export function printedChoice(options: readonly string[], value: string): PrintedChoice {
  const same = (option: string) => normalize(option) === normalize(value);
  const equivalents = EQUIVALENT_TITLES.find((group) => group.some(same)) ?? [value];
  const index = options.findIndex((option) => equivalents.some((equivalent) => normalize(equivalent) === normalize(option)));
  return index >= 0 ? { index } : { added: value };
}
