// Security keys and passkeys (WebAuthn) as a second factor for staff and partner users (ASVS 2.3.2),
// beside TOTP. One row per registered credential: its id and COSE public key (base64url), the
// signature counter last seen, the transports the browser reported, the name the user gave it.
// The ceremony's challenge lives in the session row (single use, five minutes): the half-signed-in
// session when signing in, the signed-in one when adding a key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webauthn_credentials', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('credential_id', 700).notNullable().unique();
    t.text('public_key').notNullable();
    t.bigInteger('counter').notNullable().defaultTo(0);
    t.string('transports', 200).notNullable().defaultTo('');
    t.string('name', 60).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at');
    t.index(['user_id']);
  });
  await knex.schema.alterTable('sessions', (t) => {
    // '<purpose>:<challenge>' ('register' or 'sign-in'), cleared when taken.
    t.string('webauthn_challenge', 200);
    t.bigInteger('webauthn_challenge_until');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('webauthn_challenge');
    t.dropColumn('webauthn_challenge_until');
  });
  await knex.schema.dropTableIfExists('webauthn_credentials');
}
