// `rollcall admin create --email E [--role admin|support]`: the password is asked for on a
// terminal (twice, not shown) or read as one line from stdin (password.ts). The account enrols its TOTP
// second factor at its first sign-in on /admin/login.
import type { Config } from '../config.js';
import { withConfiguredDb } from '../db/connect.js';
import { systemClock } from '../clock.js';
import { Users } from '../auth/users.js';
import { EXIT_FAILED } from './exit.js';
import { processIo, readNewPassword, type CommandIo } from './password.js';
import { isEmailAddress } from '../email-address.js';
import { paths } from '../paths.js';

export async function runAdminCommand(config: Config, args: { email?: string; role?: string }, io: CommandIo = processIo): Promise<number> {
  const email = args.email?.trim().toLowerCase();
  if (!email || !isEmailAddress(email)) {
    io.err.write('admin create: --email is required and must be an email address\n');
    return EXIT_FAILED;
  }
  const role = args.role ?? 'admin';
  if (role !== 'admin' && role !== 'support') {
    io.err.write('admin create: --role must be admin or support\n');
    return EXIT_FAILED;
  }
  const read = await readNewPassword(email, io);
  if ('problem' in read) {
    io.err.write(`admin create: ${read.problem}\n`);
    return EXIT_FAILED;
  }
  const { password } = read;
  return withConfiguredDb(config, async (db) => {
    const users = new Users(db, systemClock);
    if (await users.byEmail(email)) {
      io.err.write(`admin create: ${email} already has an account\n`);
      return 1;
    }
    const user = await users.create({ email, password, role });
    io.out.write(`${JSON.stringify({ id: user.id, email: user.email, role: user.role })}\n`);
    io.err.write(`Sign in at ${new URL(paths.admin.login, config.baseUrl).toString()} to set up the second factor.\n`);
    return 0;
  });
}
