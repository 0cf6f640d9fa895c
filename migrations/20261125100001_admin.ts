// The admin side: an append-only audit log, probe samples for the storage latency chart,
// background admin tasks (storage verify), TOTP replay protection, and the indexes the
// registration search needs on 1,000,000 rows. Same file for SQLite and PostgreSQL.
import type { Knex } from 'knex';

// Search orders by (created_at desc, id desc); each filter gets an index that also serves that order.
const SEARCH_INDEXES: Array<[string, string]> = [
  ['registrations_admin_created', 'created_at, id'],
  ['registrations_admin_last_name', 'lower(last_name), created_at, id'],
  ['registrations_admin_email', 'lower(email), created_at, id'],
  ['registrations_admin_zip', 'zip, created_at, id'],
  ['registrations_admin_state', 'state_code, created_at, id'],
  ['registrations_admin_status', 'status, created_at, id'],
  ['registrations_admin_partner', 'partner_id, created_at, id'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.bigInteger('at').notNullable();
    t.integer('user_id').notNullable();
    t.string('user_email', 320).notNullable();
    t.string('action', 32).notNullable(); // view_registration | download_pdf | download_zip | search | partner_* | verify
    t.string('target', 200); // a registration uid, a partner id, or a description of the filter
    t.text('detail');
    t.string('client', 64); // the client address, truncated (IPv4 /24, IPv6 /48)
    // The log is read newest first by id (ids grow with time), filtered by one of these.
    t.index(['at']);
    t.index(['user_email', 'id']);
    t.index(['target', 'id']);
    t.index(['action', 'id']);
  });
  // Append-only in the database itself, not only by convention.
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`,
    );
    await knex.raw(
      'create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()',
    );
  } else {
    await knex.raw(
      `create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
    );
    await knex.raw(
      `create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
    );
  }

  await knex.schema.createTable('storage_samples', (t) => {
    t.increments('id');
    t.bigInteger('at').notNullable();
    t.string('node', 128).notNullable();
    t.string('volume', 32).notNullable();
    t.string('path', 300).notNullable();
    t.string('state', 16).notNullable();
    t.float('probe_ms');
    t.bigInteger('free_bytes');
    t.index(['path', 'at']);
    t.index(['at']);
  });

  await knex.schema.createTable('admin_tasks', (t) => {
    t.increments('id');
    t.string('kind', 32).notNullable(); // verify | verify_repair
    t.string('status', 16).notNullable(); // running | done | failed
    t.integer('started_by').notNullable();
    t.string('node', 128).notNullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('finished_at');
    t.text('report'); // JSON
    t.index(['started_at']);
  });

  await knex.schema.alterTable('users', (t) => {
    t.bigInteger('totp_last_step'); // the last accepted TOTP time step: a code works once
  });

  for (const [name, columns] of SEARCH_INDEXES) await knex.raw(`create index ${name} on registrations (${columns})`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of SEARCH_INDEXES) await knex.raw(`drop index if exists ${name}`);
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('totp_last_step');
  });
  await knex.schema.dropTableIfExists('admin_tasks');
  await knex.schema.dropTableIfExists('storage_samples');
  await knex.schema.dropTableIfExists('audit_log');
  if (knex.client.config.client === 'pg') await knex.raw('drop function if exists audit_log_append_only()');
}
