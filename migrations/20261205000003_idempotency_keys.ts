// API idempotency keys: (partner, sha256 of the client's Idempotency-Key) → the registration its
// first request made, with a fingerprint of that request's body. Written in the transaction that
// accepts the registration, so a key never points to nothing and a registration made under a key
// always has its row; the primary key is what makes two concurrent requests with one key end
// with one registration. Deleted with the registration's personal data (privacy/purge.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('partner_id', 32).notNullable().references('partners.id');
    t.string('key_hash', 64).notNullable();
    t.integer('registration_id').notNullable().references('registrations.id');
    t.string('fingerprint', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['partner_id', 'key_hash']); // named idempotency_keys_pkey on PostgreSQL
    t.index(['registration_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
