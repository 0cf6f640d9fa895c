// The password of a new account (`admin create`, `partner user create`): asked twice without echo
// on a terminal, one line from stdin otherwise (a pipe, a file). Never an argument: it would stay in
// the shell's history and show in `ps`.
import readline from 'node:readline';
import { passwordProblem } from '../auth/passwords.js';

export interface CommandIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
  /** One line; on a terminal asked with `prompt` and not shown. null: the input ended first. */
  readPassword(prompt: string): Promise<string | null>;
  /** A person types it (a terminal): ask twice. */
  confirm: boolean;
}

export const processIo: CommandIo = {
  out: process.stdout,
  err: process.stderr,
  readPassword: (p) => readSecretLine(p),
  confirm: Boolean(process.stdin.isTTY),
};

/** The password, or the one-line reason there is none (the command prints it and exits 1). */
export async function readNewPassword(email: string, io: CommandIo): Promise<{ password: string } | { problem: string }> {
  const password = await io.readPassword(`Password for ${email} (input hidden): `);
  if (password === null || password === '') {
    return {
      problem: io.confirm
        ? 'no password typed'
        : `no password on stdin: run the command in a terminal to be asked for it, or pipe it: printf '%s\\n' "$PW" | rollcall … --email ${email}`,
    };
  }
  const problem = passwordProblem(password);
  if (problem) return { problem: `the password needs ${problem}` };
  if (io.confirm && (await io.readPassword(`The same password again (input hidden): `)) !== password)
    return { problem: 'the two passwords differ' };
  return { password };
}

/** One line from stdin (null if it ends before a line); on a terminal the typed characters are not shown. */
export function readSecretLine(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string | null> {
  return new Promise((resolve) => {
    const tty = Boolean(input.isTTY);
    const rl = readline.createInterface({ input, output: tty ? output : undefined, terminal: tty });
    if (tty) {
      output.write(prompt);
      // Swallow the echo: readline writes what is typed through _writeToOutput.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
      rl.on('SIGINT', () => {
        output.write('\n');
        process.exit(130); // Ctrl-C: the terminal is in raw mode, so it reaches us as a key
      });
    }
    let line: string | null = null;
    rl.once('line', (typed) => {
      line = typed;
      if (tty) output.write('\n');
      rl.close();
    });
    rl.once('close', () => resolve(line));
  });
}
