// Names of the library's own scratch files, known to both sides: the worker writes them (a put's
// temp file, a probe's canary) and sweeps them; the host's option checks and tests read them.
// Both are dot-files: list() skips them and no key can name one (a key segment never starts with '.').

/** A put's temp file, renamed over the key once written and fsynced. */
export const TEMP_PREFIX = '.tmp-';
/** The probe's canary file at a volume root, unless the host passes probeFilePrefix. */
export const DEFAULT_PROBE_PREFIX = '.rollcall-probe-';
/** What a probeFilePrefix must look like: a dot-file name prefix, plain characters only. */
export const PROBE_PREFIX_PATTERN = /^\.[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isScratchName(name: string, probePrefix: string): boolean {
  return name.startsWith(TEMP_PREFIX) || name.startsWith(probePrefix);
}
