// `rollcall partner user create --partner ID --email E`: a partner portal account; the password is
// asked for on a terminal or read from stdin, as for `rollcall admin create` (cli/password.ts).
import { systemClock } from '../clock.js';
import { EXIT_FAILED } from '../cli/exit.js';
import { processIo, readNewPassword, type CommandIo } from '../cli/password.js';
import type { Config } from '../config.js';
import { Users } from '../auth/users.js';
import { withConfiguredDb } from '../db/connect.js';
import { isEmailAddress } from '../email-address.js';
import { paths } from '../paths.js';

export async function runPartnerUserCommand(
  config: Config,
  args: { partner?: string; email?: string },
  io: CommandIo = processIo,
): Promise<number> {
  const email = args.email?.trim().toLowerCase();
  if (!email || !isEmailAddress(email) || !args.partner) {
    io.err.write('partner user create: --partner ID and --email E are required\n');
    return EXIT_FAILED;
  }
  const read = await readNewPassword(email, io);
  if ('problem' in read) {
    io.err.write(`partner user create: ${read.problem}\n`);
    return EXIT_FAILED;
  }
  const { password } = read;
  return withConfiguredDb(config, async (db) => {
    if (!(await db('partners').where({ id: args.partner }).first('id'))) {
      io.err.write(`partner user create: no partner ${args.partner}\n`);
      return 1;
    }
    const users = new Users(db, systemClock);
    if (await users.byEmail(email)) {
      io.err.write(`partner user create: ${email} already has an account\n`);
      return 1;
    }
    const user = await users.create({ email, password, role: 'partner', partnerId: args.partner });
    io.out.write(`${JSON.stringify({ id: user.id, email: user.email, partnerId: args.partner })}\n`);
    io.err.write(`Sign in at ${new URL(paths.partner.login, config.baseUrl).toString()}\n`);
    return 0;
  });
}
