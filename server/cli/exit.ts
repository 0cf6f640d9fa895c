// The command line's exit codes, the same for every command (docs/deploy.md, "Command line"):
//   0  done; for `storage status|verify|sweep`: the storage is healthy
//   1  could not do it: a usage or configuration error, or a failure named in one line on stderr
//   2  `storage status|verify|sweep` ran and found the storage NOT OK (what it printed says why):
//      the code a monitor alerts on; `keys reseal` ran and found values no configured key opens
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_NOT_OK = 2;

/**
 * A failure the operator fixes from its message alone (a taken port, no password on stdin): the
 * command line prints the message as one line and exits 1, with no stack trace.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
