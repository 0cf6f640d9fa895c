// Checks on two facts a voter acts on: the office address printed on the mailer, and the link to
// the state's online registration. Run by the loader (a bad entry stops the boot naming the state)
// and by the tests over all 51.
/**
 * Query parameters that only tell a site who sent the visitor: a link to a state's site must not
 * carry them (Rocky's Arizona link carried another organisation's id, ?id=RTV).
 */
export const TRACKING_PARAMS = /^(utm_\w+|ref|source|id|partner|campaign|fbclid|gclid|mc_\w+)$/i;

/** Longest office address line the mailer prints at full size (see docs/states.md, "Addresses"). */
export const ADDRESS_LINE_MAX = 42;

// The problems of a state office address, as a post office reads it: 2–5 lines, the line above the
// last one a street or PO Box, the last one exactly "City, ST 12345" or "City, ST 12345-6789".
export function addressProblems(code: string, lines: readonly string[]): string[] {
  const problems: string[] = [];
  if (lines.length < 2 || lines.length > 5) problems.push(`has ${lines.length} lines (2–5)`);
  const last = lines.at(-1) ?? '';
  if (!new RegExp(`^[A-Za-z .'-]+, ${code} \\d{5}(-\\d{4})?$`).test(last))
    problems.push(`last line "${last}" is not "City, ${code} 12345(-6789)"`);
  const delivery = lines.at(-2) ?? '';
  if (!/^(\d|P\.?\s?O\.? Box |One )/i.test(delivery)) problems.push(`line above the city "${delivery}" is not a street or PO Box`);
  for (const line of lines) {
    if (line.length > ADDRESS_LINE_MAX) problems.push(`line "${line}" is longer than ${ADDRESS_LINE_MAX} characters`);
    const repeated = /\b(\w+) \1\b/i.exec(line);
    if (repeated) problems.push(`line "${line}" repeats "${repeated[1]}"`);
    if (/\s{2}|\s,/.test(line)) problems.push(`line "${line}" has stray spaces`);
  }
  return problems;
}

// An online registration link: https, and no parameter that only tracks who sent the voter.
export function linkProblems(url: string): string[] {
  const parsed = new URL(url);
  const problems: string[] = [];
  if (parsed.protocol !== 'https:') problems.push('is not https');
  for (const key of parsed.searchParams.keys()) if (TRACKING_PARAMS.test(key)) problems.push(`carries the tracking parameter "${key}"`);
  return problems;
}
