// `rollcall keys reseal [--dry-run] [--batch-size N]`: after a key rotation (docs/deploy.md,
// "Rotating APP_KEY"), seals every sealed column again under APP_KEY, opening each value with the
// key it names (APP_KEY_PREVIOUS) or, for the old format, whichever configured key opens it. Safe
// to run while nodes serve, and to run again (security/reseal.ts). Prints one line of counts per
// column and a total; exits 2 when a value opens with no configured key (its column and row are
// named on stderr, never its content). --dry-run counts what a run would re-seal and writes nothing:
// "0 would be re-sealed, 0 failed" is the proof that nothing still needs APP_KEY_PREVIOUS.
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { withConfiguredDb } from '../db/connect.js';
import { USER_SEALED_COLUMNS } from '../auth/users.js';
import { PARTNER_SEALED_COLUMNS } from '../partners/partner-records.js';
import { DOWNLOAD_LINK_SEALED_COLUMNS } from '../registrations/download-links.js';
import { REGISTRATION_SEALED_COLUMNS } from '../registrations/registration-records.js';
import { SURVEY_SEALED_COLUMNS } from '../registrations/survey-records.js';
import { PRINT_SEALED_COLUMNS } from '../print/print-queue.js';
import { appKeyFile, resolveAppKeys } from '../security/app-key.js';
import { createFieldCipher, keyIdOf, type FieldCipher } from '../security/field-cipher.js';
import { resealAll, type SealedColumn } from '../security/reseal.js';
import { CliError, EXIT_NOT_OK, EXIT_OK } from './exit.js';
import { processIo, type CommandIo } from './password.js';

/** Every sealed column of the schema, from the module that owns its table. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  ...REGISTRATION_SEALED_COLUMNS,
  ...DOWNLOAD_LINK_SEALED_COLUMNS,
  ...USER_SEALED_COLUMNS,
  ...PARTNER_SEALED_COLUMNS,
  ...PRINT_SEALED_COLUMNS,
  ...SURVEY_SEALED_COLUMNS,
];

export interface ResealFlags {
  dryRun: boolean;
  batchSize?: number;
}

/** The command on an open database with a cipher (tests give theirs; PostgreSQL or SQLite alike). */
export async function resealCommand(
  db: Knex,
  cipher: FieldCipher,
  flags: ResealFlags,
  io: Pick<CommandIo, 'out' | 'err'>,
  columns: readonly SealedColumn[] = SEALED_COLUMNS,
): Promise<number> {
  const report = await resealAll(db, cipher, columns, {
    dryRun: flags.dryRun,
    batchSize: flags.batchSize,
    onFailure: (where, reason) => io.err.write(`keys reseal: ${where}: ${reason}\n`),
  });
  const verb = report.dryRun ? 'would be re-sealed' : 're-sealed';
  const line = (c: { resealed: number; alreadyCurrent: number; failed: number }) =>
    `${c.resealed} ${verb}, ${c.alreadyCurrent} already current, ${c.failed} failed`;
  for (const c of report.columns) io.out.write(`${c.column}: ${line(c)}\n`);
  io.out.write(`total: ${line(report)} (current key ${report.keyId})\n`);
  if (report.failed > 0) {
    io.err.write(
      `keys reseal: ${report.failed} value(s) open with no configured key: add the key they were sealed under to APP_KEY_PREVIOUS and run again (until then they cannot be read)\n`,
    );
    return EXIT_NOT_OK;
  }
  if (!report.dryRun || report.resealed === 0) {
    io.out.write('every sealed value is under the current key: no sealed value needs APP_KEY_PREVIOUS\n');
  }
  return EXIT_OK;
}

export async function runKeysResealCommand(
  config: Config,
  flags: ResealFlags,
  io: Pick<CommandIo, 'out' | 'err'> = processIo,
): Promise<number> {
  // Never generate a key here: a re-seal under a key nobody has would make every value unreadable.
  if (config.appKey === undefined && !fs.existsSync(appKeyFile(config.dataDir))) {
    throw new CliError('keys reseal: APP_KEY is not set (and DATA_DIR has no app.key): set it to the key the servers use');
  }
  const keys = resolveAppKeys(config, (msg) => io.err.write(`${msg}\n`));
  const cipher = createFieldCipher(keys.current, keys.previous);
  const previous = keys.previous.map(keyIdOf).join(', ') || 'none';
  io.err.write(
    `keys reseal: current key ${cipher.keyId}; previous keys: ${previous}${flags.dryRun ? ' (dry run: nothing is written)' : ''}\n`,
  );
  const code = await withConfiguredDb(config, (db) => resealCommand(db, cipher, flags, io));
  if (keys.previous.length > 0) {
    // The PDFs on the volumes are sealed too (security/blob-cipher.ts) but not moved here: their
    // checksums are on the registration rows; the purge deletes them (docs/deploy.md).
    io.err.write(
      `keys reseal: stored PDFs are not re-sealed: those stored before the rotation open only with APP_KEY_PREVIOUS until the purge deletes them (RETENTION_DAYS = ${config.retentionDays}); keep it configured that long after the rotation (removed earlier, they are rendered again at each download)\n`,
    );
  }
  return code;
}
