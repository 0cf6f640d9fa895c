// Voters' personal data sealed at rest (issue 16, ASVS 6.1.1). The registration's answers (JSON),
// email and names are written sealed by their owner (server/registrations/registration-records.ts,
// the field cipher's v2 format); the admin search finds a name or an email by exact value through
// a blind index beside each (a keyed HMAC of the normalized value, security/field-cipher.ts), so the
// indexes on lower(last_name) and lower(email) give way to indexes on the HMACs, in the search's
// newest-first order like every other filter (migrations/20261125100001_admin.ts).
// A sealed value is longer than the plain one: on PostgreSQL the varchar(100/320) columns become
// text (SQLite ignores declared lengths; altering there would rebuild the table for nothing).
// Rows written before this release keep plain values, still read as they are, until
// `rollcall keys reseal` seals them and fills their HMACs (docs/deploy.md, "Upgrading").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.string('email_hmac', 64);
    t.string('first_name_hmac', 64);
    t.string('last_name_hmac', 64);
  });
  await knex.raw('drop index if exists registrations_admin_last_name');
  await knex.raw('drop index if exists registrations_admin_email');
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      'alter table registrations alter column email type text, alter column first_name type text, alter column last_name type text',
    );
  }
  await knex.raw('create index registrations_admin_last_name_hmac on registrations (last_name_hmac, created_at, id)');
  await knex.raw('create index registrations_admin_email_hmac on registrations (email_hmac, created_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists registrations_admin_email_hmac');
  await knex.raw('drop index if exists registrations_admin_last_name_hmac');
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('last_name_hmac');
    t.dropColumn('first_name_hmac');
    t.dropColumn('email_hmac');
  });
  // The plain-text indexes come back; values sealed meanwhile stay sealed (a down migration cannot open them).
  await knex.raw('create index registrations_admin_last_name on registrations (lower(last_name), created_at, id)');
  await knex.raw('create index registrations_admin_email on registrations (lower(email), created_at, id)');
}
