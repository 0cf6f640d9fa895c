// `rollcall partner create --name NAME [--email EMAIL]` → one JSON line {"id","apiKey"}.
import type { Config } from '../config.js';
import { withConfiguredDb } from '../db/connect.js';
import { systemClock } from '../clock.js';
import { PartnerRecords } from '../partners/partner-records.js';
import { EXIT_FAILED } from './exit.js';
import { isEmailAddress } from '../email-address.js';

export async function runPartnerCommand(config: Config, args: { name?: string; email?: string }): Promise<number> {
  const name = args.name?.trim();
  if (!name || name.length > 200) {
    process.stderr.write('partner create: --name is required (1-200 characters)\n');
    return EXIT_FAILED;
  }
  if (args.email !== undefined && !isEmailAddress(args.email)) {
    process.stderr.write('partner create: --email is not an email address\n');
    return EXIT_FAILED;
  }
  return withConfiguredDb(config, async (db) => {
    const { partner, apiKey } = await new PartnerRecords(db, systemClock).create(name, args.email ?? null);
    process.stdout.write(`${JSON.stringify({ id: partner.id, apiKey })}\n`);
    return 0;
  });
}
