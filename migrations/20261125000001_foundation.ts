// Foundation schema. Runs unchanged on SQLite and PostgreSQL (knex schema builder only).
// Times are epoch milliseconds (bigint): portable, sortable, no timezone surprises.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partners', (t) => {
    t.string('id', 32).primary();
    t.string('name', 200).notNullable();
    t.string('email', 320);
    t.string('status', 16).notNullable().defaultTo('active');
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id');
    t.string('partner_id', 32).notNullable().references('partners.id');
    t.string('name', 100).notNullable();
    // API keys carry 256 random bits, so a plain SHA-256 is a safe, fast lookup hash.
    t.string('key_hash', 64).notNullable().unique();
    t.string('key_prefix', 16).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at');
    t.bigInteger('revoked_at');
  });

  await knex.schema.createTable('registrations', (t) => {
    t.increments('id');
    t.string('uid', 32).notNullable().unique();
    t.string('resume_hash', 64).unique();
    t.string('partner_id', 32).references('partners.id');
    t.string('channel', 8).notNullable(); // 'web' | 'api'
    t.string('lang', 2).notNullable();
    t.string('status', 16).notNullable(); // in_progress | ineligible | accepted | pdf_ready | purged
    t.string('step', 16).notNullable();
    t.string('state_code', 2);
    t.string('zip', 5);
    t.string('email', 320);
    t.string('first_name', 100);
    t.string('last_name', 100);
    t.text('answers').notNullable(); // JSON, everything but the ID number
    t.text('id_number_enc'); // AES-256-GCM with APP_KEY until purge
    t.string('source', 100);
    t.string('tracking', 100);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('submitted_at');
    t.string('pdf_key', 200);
    t.string('pdf_sha256', 64);
    t.bigInteger('pdf_ready_at');
    t.bigInteger('purged_at');
    t.index(['partner_id', 'created_at']);
    t.index(['status', 'submitted_at']);
    t.index(['state_code']);
  });

  await knex.schema.createTable('jobs', (t) => {
    t.increments('id');
    t.string('kind', 32).notNullable();
    t.text('payload').notNullable();
    t.string('status', 16).notNullable(); // queued | running | done | dead
    t.bigInteger('run_at').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable();
    t.string('locked_by', 64);
    t.bigInteger('lease_until');
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'run_at']);
  });

  await knex.schema.createTable('download_links', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('registration_id').notNullable().references('registrations.id');
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['registration_id']);
  });

  await knex.schema.createTable('storage_repairs', (t) => {
    t.increments('id');
    t.string('volume', 32).notNullable();
    t.string('key', 300).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('reason', 200).notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['volume', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['storage_repairs', 'download_links', 'jobs', 'registrations', 'api_keys', 'partners']) {
    await knex.schema.dropTableIfExists(table);
  }
}
