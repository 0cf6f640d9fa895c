// People who sign in: admins (role admin or support) and partner users (role partner, with their
// partner_id). Sessions live in the database so any node serves any request.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 320).notNullable().unique();
    t.string('password_hash', 200).notNullable(); // argon2id
    t.string('role', 16).notNullable(); // admin | support | partner
    t.string('partner_id', 32).references('partners.id');
    t.text('totp_secret_enc'); // sealed with APP_KEY
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.bigInteger('locked_until');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_login_at');
    t.bigInteger('disabled_at');
  });
  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash', 64).primary(); // SHA-256 of the cookie's 256-bit secret
    t.integer('user_id').notNullable().references('users.id');
    t.string('csrf_secret', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.boolean('second_factor_done').notNullable().defaultTo(false);
    t.index(['user_id']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('users');
}
