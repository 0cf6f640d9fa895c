// `rollcall partner user create --partner ID --email E`: a partner portal account; the password is
// read from stdin (twice on a terminal), as for `rollcall admin create`.
import path from 'node:path';
import { systemClock } from '../clock.js';
import { readSecretLine, type CommandIo } from '../cli/admin.js';
import type { Config } from '../config.js';
import { passwordProblem } from '../auth/passwords.js';
import { Users } from '../auth/users.js';
import { migrateLatest, openDb } from '../db/connect.js';

const realIo: CommandIo = { out: process.stdout, err: process.stderr, readPassword: (p) => readSecretLine(p), confirm: Boolean(process.stdin.isTTY) };

export async function runPartnerUserCommand(config: Config, args: { partner?: string; email?: string }, io: CommandIo = realIo): Promise<number> {
  const email = args.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !args.partner) {
    io.err.write('partner user create: --partner ID and --email E are required\n');
    return 2;
  }
  const password = await io.readPassword('Password (12+ characters): ');
  const problem = passwordProblem(password);
  if (problem) {
    io.err.write(`partner user create: the password needs ${problem}\n`);
    return 2;
  }
  if (io.confirm && (await io.readPassword('Same password again: ')) !== password) {
    io.err.write('partner user create: the two passwords differ\n');
    return 2;
  }
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'rollcall.sqlite3') });
  try {
    await migrateLatest(db);
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
    io.err.write(`Sign in at ${new URL('/partner/login', config.baseUrl).toString()}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
