// `rollcall admin create --email E [--role admin|support]`: the password is read from stdin
// (typed twice without echo on a terminal; one line from a pipe). The account enrols its TOTP
// second factor at its first sign-in on /admin/login.
import path from 'node:path';
import readline from 'node:readline';
import type { Config } from '../config.js';
import { migrateLatest, openDb } from '../db/connect.js';
import { systemClock } from '../clock.js';
import { Users } from '../auth/users.js';
import { passwordProblem } from '../auth/passwords.js';

/** One line from stdin; on a terminal the typed characters are not shown. */
export function readSecretLine(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    const tty = Boolean(input.isTTY);
    const rl = readline.createInterface({ input, output: tty ? output : undefined, terminal: tty });
    if (tty) {
      output.write(prompt);
      // Swallow the echo: readline writes what is typed through _writeToOutput.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    }
    let done = false;
    rl.once('line', (line) => {
      done = true;
      if (tty) output.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!done) reject(new Error('no password on stdin'));
    });
  });
}

export interface CommandIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
  readPassword(prompt: string): Promise<string>;
  /** Ask twice (a person typing on a terminal). */
  confirm: boolean;
}

const realIo: CommandIo = { out: process.stdout, err: process.stderr, readPassword: (p) => readSecretLine(p), confirm: Boolean(process.stdin.isTTY) };

export async function runAdminCommand(config: Config, args: { email?: string; role?: string }, io: CommandIo = realIo): Promise<number> {
  const email = args.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    io.err.write('admin create: --email is required and must be an email address\n');
    return 2;
  }
  const role = args.role ?? 'admin';
  if (role !== 'admin' && role !== 'support') {
    io.err.write('admin create: --role must be admin or support\n');
    return 2;
  }
  const password = await io.readPassword('Password (12+ characters): ');
  const problem = passwordProblem(password);
  if (problem) {
    io.err.write(`admin create: the password needs ${problem}\n`);
    return 2;
  }
  if (io.confirm && (await io.readPassword('Same password again: ')) !== password) {
    io.err.write('admin create: the two passwords differ\n');
    return 2;
  }
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'rollcall.sqlite3') });
  try {
    await migrateLatest(db);
    const users = new Users(db, systemClock);
    if (await users.byEmail(email)) {
      io.err.write(`admin create: ${email} already has an account\n`);
      return 1;
    }
    const user = await users.create({ email, password, role });
    io.out.write(`${JSON.stringify({ id: user.id, email: user.email, role: user.role })}\n`);
    io.err.write(`Sign in at ${new URL('/admin/login', config.baseUrl).toString()} to set up the second factor.\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
